import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { AudioServer, sendFile } from '../support/audio-server';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture, longFlacCall, realTimeFfmpeg } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

describe('a worker killed with SIGKILL in the middle of a job', () => {
  /** Waits for the process to settle; on a timeout, says what the workers were doing. */
  const settled = (client: OliverClient, pid: number) =>
    client.settle(pid, 20_000, () => `replacement worker said:\n${replacements.map((r) => r.logs()).join('\n')}`);

  const server = new AudioServer();
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();
  const env = { URL_ALLOWED_NETWORKS: '127.0.0.0/8', JOB_LOCK_MS: '1500' };
  let db: TestDatabase;
  let api: RunningService;
  const replacements: RunningService[] = [];

  before(async () => {
    await server.start();
    db = await createTestDatabase('postgres');
    api = await startService({ role: 'api', env: { ...db.env, ...env }, storageDir, queuePrefix });
  });
  after(async () => {
    for (const replacement of replacements) await replacement.stop();
    await api?.stop();
    await server.stop();
    await db?.drop();
  });

  test('the process is taken up by another worker and completes exactly once', async () => {
    const client = await OliverClient.register(api);
    // The first download never answers: the worker is mid-job, holding the lock, when it dies.
    const url = server.route('/calls/held.wav', (request, response, hit) => {
      if (hit > 1) sendFile(fixture('pcm.wav').path)(request, response);
    });
    const submitted = await client.submitUrl({ channels: 2, calldirection: 1, url });
    const doomed = await startService({ role: 'worker', env: { ...db.env, ...env }, storageDir, queuePrefix });
    // Killed only once its download is in flight: status 1 comes first, and on a busy machine killing
    // then would leave the held first answer to the replacement.
    await waitFor(async () => (await client.process(submitted.body.pid)).body.status === 1, 10_000);
    await waitFor(() => server.hits.get('/calls/held.wav') === 1, 10_000);
    await doomed.stop('SIGKILL');

    const started = Date.now();
    replacements.push(await startService({ role: 'worker', env: { ...db.env, ...env }, storageDir, queuePrefix }));
    const done = await settled(client, submitted.body.pid);
    assert.equal(done.status, 2, done.statusmsg);
    assert.ok(Date.now() - started < 2 * 1500 + 5000, `taken up after ${Date.now() - started} ms`);
    assert.equal(server.hits.get('/calls/held.wav'), 2);
    assert.equal((await sql(db, 'SELECT pid FROM process_results WHERE pid = ?', [submitted.body.pid])).length, 1);
  });

  test('killed while decoding and analysing: the next worker analyses the call again and writes its results once', async () => {
    for (const earlier of replacements.splice(0)) await earlier.stop();
    const client = await OliverClient.register(api);
    const submitted = await client.submitFile(longFlacCall(30), { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const doomed = await startService({ role: 'worker', env: { ...db.env, ...env, FFMPEG_PATH: realTimeFfmpeg() }, storageDir, queuePrefix });
    await waitFor(async () => ((await client.process(submitted.body.pid)).body.progress ?? 0) > 0, 15_000);
    await doomed.stop('SIGKILL');

    const started = Date.now();
    replacements.push(await startService({ role: 'worker', env: { ...db.env, ...env }, storageDir, queuePrefix }));
    const done = await settled(client, submitted.body.pid);
    assert.equal(done.status, 2, done.statusmsg);
    assert.ok(Math.abs(done.duration - 30) < 0.05);
    assert.ok(Date.now() - started < 2 * 1500 + 5000, `taken up after ${Date.now() - started} ms`);
    assert.equal((await sql(db, 'SELECT pid FROM process_results WHERE pid = ?', [submitted.body.pid])).length, 1);
  });
});
