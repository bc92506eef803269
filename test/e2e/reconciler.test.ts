import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import Queue from 'bull';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

describe('the reconciler queues processes that have no job', () => {
  const prefix = uniquePrefix();
  const storageDir = tempDir('audio');
  let db: TestDatabase;
  let api: RunningService;
  let worker: RunningService | undefined;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase('postgres');
    api = await startService({ role: 'api', env: db.env, queuePrefix: prefix, storageDir });
    client = await OliverClient.register(api);
  });
  after(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  test('a row inserted but never queued, and a job Redis lost, both complete once a worker starts', async () => {
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const lostJob = submitted.body.pid;

    // Redis loses the job (a restart of a Redis that keeps nothing on disk).
    const queue = new Queue('process-audio', 'redis://127.0.0.1:6379', { prefix });
    const job = await queue.getJob(`analyse:${lostJob}`);
    assert.ok(job, 'the submission queued its job');
    await job.remove();
    assert.equal(await queue.getJob(`analyse:${lostJob}`), null);
    await queue.close();

    // A crash between the insert and the enqueue: the row exists, no job ever did.
    const [{ pid: neverQueued }] = await sql<{ pid: number }>(
      db,
      `INSERT INTO processes (cid, status, statusmsg, duration, created_at, updated_at, mode, source, channels, call_direction, agent_channel, audio_path, header_duration)
       SELECT cid, 0, 'Pending', 0, created_at, updated_at, mode, 'crashed.wav', channels, call_direction, agent_channel, audio_path, header_duration
       FROM processes WHERE pid = ? RETURNING pid`,
      [lostJob],
    );

    worker = await startService({ role: 'worker', env: { ...db.env, RECONCILE_GRACE_MS: '0' }, queuePrefix: prefix, storageDir });
    for (const pid of [lostJob, Number(neverQueued)]) {
      const done = await client.settle(pid, 30_000, () => `the worker said:\n${worker!.logs()}`);
      assert.equal(done.status, 2, done.statusmsg);
      assert.ok(Math.abs(done.duration - 3.5) < 0.06);
    }
    await waitFor(() => /Queued 2 process\(es\) that had no job/.test(worker!.logs()), 5000);
    assert.equal((await sql(db, 'SELECT pid FROM process_results')).length, 2);
  });
});
