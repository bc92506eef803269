import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture, longFlacCall, realTimeFfmpeg } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };

describe('SIGTERM to a worker in the middle of an analysis', () => {
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();
  let db: TestDatabase;
  let api: RunningService;
  let client: OliverClient;
  const workers: RunningService[] = [];

  const worker = async (env: Record<string, string>) => {
    const started = await startService({ role: 'worker', env: { ...db.env, ...env }, storageDir, queuePrefix });
    workers.push(started);
    return started;
  };
  /** Submits a call and waits until a worker has decoded part of it. */
  const midAnalysis = async (path: string) => {
    const submitted = await client.submitFile(path, CALL);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    await waitFor(async () => ((await client.process(submitted.body.pid)).body.progress ?? 0) > 0, 15_000);
    return submitted.body.pid as number;
  };
  const stopTimed = async (service: RunningService) => {
    const started = Date.now();
    const code = await service.stop('SIGTERM');
    return { code, ms: Date.now() - started };
  };

  before(async () => {
    db = await createTestDatabase('postgres');
    api = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    client = await OliverClient.register(api);
  });
  after(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await api?.stop();
    await db?.drop();
  });

  test('a job that fits in the shutdown time is finished, then the worker exits', async () => {
    const stopping = await worker({ FFMPEG_PATH: realTimeFfmpeg(), SHUTDOWN_TIMEOUT_MS: '20000' });
    const pid = await midAnalysis(fixture('call.flac').path);
    const { code, ms } = await stopTimed(stopping);
    assert.notEqual(code, 1, `exited cleanly:\n${stopping.logs()}`);
    assert.ok(ms < 20_000, `exited after ${ms} ms`);
    const done = (await client.process(pid)).body;
    assert.equal(done.status, 2, 'finished before the worker exited');
    assert.ok(Math.abs(done.duration - 3.5) < 0.05);
  });

  test('a job longer than the shutdown time goes back to the queue before the bound; the next worker completes it once', async () => {
    // A failure would wait a minute before its retry; a hand back does not.
    const stopping = await worker({ FFMPEG_PATH: realTimeFfmpeg(), SHUTDOWN_TIMEOUT_MS: '4000', JOB_BACKOFF_MS: '60000' });
    const pid = await midAnalysis(longFlacCall(30));
    const { code, ms } = await stopTimed(stopping);
    assert.notEqual(code, 1, `exited cleanly:\n${stopping.logs()}`);
    // Handed back at three quarters of the 4 s, then out well before the forced exit at 4 s.
    assert.ok(ms >= 2900 && ms < 4000, `exited after ${ms} ms`);
    assert.match(stopping.logs(), new RegExp(`Process ${pid} handed back to the queue`));
    const handedBack = (await client.process(pid)).body;
    assert.equal(handedBack.status, 0);
    assert.equal(handedBack.statusmsg, 'Pending');

    const started = Date.now();
    await worker({});
    const done = await client.settle(pid, 20_000);
    assert.equal(done.status, 2, done.statusmsg);
    assert.ok(Date.now() - started < 10_000, `taken up at once, not after a backoff (${Date.now() - started} ms)`);
    assert.ok(Math.abs(done.duration - 30) < 0.05);
    assert.equal((await sql(db, 'SELECT pid FROM process_results WHERE pid = ?', [pid])).length, 1);
  });
});
