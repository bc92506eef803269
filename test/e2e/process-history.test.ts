import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Queue from 'bull';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

const metric = async (service: RunningService, name: string) => {
  const text = await (await fetch(`${service.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
};

for (const kind of DATABASE_KINDS) {
  describe(`a process keeps the times of its steps, and announced events reach their subscribers after commit (${kind})`, () => {
    let db: TestDatabase;
    let service: RunningService;
    let client: OliverClient;

    before(async () => {
      db = await createTestDatabase(kind);
      service = await startService({ env: { ...db.env, RECONCILE_INTERVAL_MS: '1000' } });
      client = await OliverClient.register(service);
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
    });

    test('the history lists each step in order, with times from the receipt on; only the owner sees it', async () => {
      const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
      assert.equal(submitted.status, 200);
      const pid = submitted.body.pid;
      const done = await client.settle(pid, 30_000, () => service.logs());
      assert.equal(done.status, 2, done.statusmsg);

      const history = await client.get(`/client/${client.cid}/process/${pid}/history`);
      assert.equal(history.status, 200);
      const steps = history.body.steps as { event: string; at: string; seconds: number; detail?: Record<string, unknown> }[];
      assert.deepEqual(
        steps.map((s) => s.event),
        ['process.received', 'process.queued', 'process.started', 'process.decoded', 'process.analysed', 'process.completed'],
      );
      for (let i = 1; i < steps.length; i++) {
        assert.ok(Date.parse(steps[i].at) >= Date.parse(steps[i - 1].at), JSON.stringify(steps));
        assert.ok(steps[i].seconds >= steps[i - 1].seconds);
      }
      assert.equal(steps[0].seconds, 0);
      assert.ok(Math.abs(Number(steps.at(-1)!.detail!.duration) - 3.5) < 0.06, JSON.stringify(steps.at(-1)));

      const other = await OliverClient.register(service, 'Another client');
      assert.equal((await other.get(`/client/${other.cid}/process/${pid}/history`)).status, 404);
      assert.equal((await other.get(`/client/${client.cid}/process/${pid}/history`)).status, 403);
    });

    test('process.completed is dispatched once committed, and the metrics count it by subscribing', async () => {
      await waitFor(async () => (await sql(db, "SELECT id FROM process_events WHERE type = 'process.completed' AND dispatched_at IS NULL")).length === 0, 10_000);
      assert.ok((await metric(service, 'oliver_audio_seconds_processed_total')) >= 3.4);
    });

    test('an event committed by a node that died before announcing it is dispatched by the next pass', async () => {
      const [{ pid, cid }] = await sql<{ pid: number; cid: number }>(db, 'SELECT pid, cid FROM processes ORDER BY pid LIMIT 1');
      // What a crash right after the commit leaves: the row in the outbox, nobody told.
      await sql(db, "INSERT INTO process_events (pid, cid, type, at) VALUES (?, ?, 'process.audio-removed', ?)", [pid, cid, Date.now()]);
      const before = await metric(service, 'oliver_audio_files_removed_total');
      await waitFor(async () => (await sql(db, 'SELECT id FROM process_events WHERE dispatched_at IS NULL')).length === 0, 15_000);
      assert.equal(await metric(service, 'oliver_audio_files_removed_total'), before + 1);
    });
  });
}

describe('jobs queued before job ids named their type are run once after an upgrade', () => {
  const prefix = uniquePrefix();
  const storageDir = tempDir('audio');
  let db: TestDatabase;
  let api: RunningService;
  let worker: RunningService | undefined;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase('sqlite');
    api = await startService({ role: 'api', env: db.env, queuePrefix: prefix, storageDir });
    client = await OliverClient.register(api);
  });
  after(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  test('a job whose id is the bare pid completes, and the reconciler queues no second job beside it', async () => {
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const [{ pid: old }] = await sql<{ pid: number }>(
      db,
      `INSERT INTO processes (cid, status, statusmsg, duration, created_at, updated_at, mode, source, channels, call_direction, agent_channel, audio_path, header_duration)
       SELECT cid, 0, 'Pending', 0, created_at, updated_at, mode, 'queued-by-an-older-version.wav', channels, call_direction, agent_channel, audio_path, header_duration
       FROM processes WHERE pid = ? RETURNING pid`,
      [submitted.body.pid],
    );
    const queue = new Queue('process-audio', 'redis://127.0.0.1:6379', { prefix });
    await queue.add('analyse', { pid: Number(old) }, { jobId: String(old), attempts: 3 });
    assert.ok(await queue.getJob(`analyse:${submitted.body.pid}`), 'new jobs are named by type and pid');

    // The grace of 0 lets the reconciler look at the old job's process at once.
    worker = await startService({ role: 'worker', env: { ...db.env, RECONCILE_GRACE_MS: '0', RECONCILE_INTERVAL_MS: '1000' }, queuePrefix: prefix, storageDir });
    for (const pid of [submitted.body.pid, Number(old)]) {
      const done = await client.settle(pid, 30_000, () => worker!.logs());
      assert.equal(done.status, 2, done.statusmsg);
    }
    // Passes of the reconciler ran meanwhile (one at start, then every second): none queued the old process again.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    assert.doesNotMatch(worker.logs(), /Queued \d+ process\(es\) that had no job/);
    assert.equal(await queue.getJob(`analyse:${old}`), null);
    const started = await sql(db, "SELECT id FROM process_events WHERE pid = ? AND type = 'process.started'", [old]);
    assert.equal(started.length, 1);
    await queue.close();
  });
});
