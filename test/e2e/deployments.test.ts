import assert from 'node:assert/strict';
import Redis from 'ioredis';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

/**
 * Two deployments, each with its own database (one PostgreSQL, one SQLite),
 * wrongly sharing one Redis and one QUEUE_PREFIX.
 */
describe('deployments sharing a Redis and a QUEUE_PREFIX do not take each other’s jobs', () => {
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();
  const redis = new Redis('redis://127.0.0.1:6379');
  const jobKey = (id: string | number) => `${queuePrefix}:process-audio:${id}`;
  let ours: TestDatabase;
  let theirs: TestDatabase;
  let api: RunningService;
  let theirWorker: RunningService;
  let client: OliverClient;
  let ourId: string;
  let theirId: string;

  before(async () => {
    ours = await createTestDatabase('postgres');
    theirs = await createTestDatabase('sqlite');
    api = await startService({ role: 'api', env: ours.env, storageDir, queuePrefix });
    theirWorker = await startService({ role: 'worker', env: theirs.env, storageDir, queuePrefix });
    client = await OliverClient.register(api);
    ourId = (await sql<{ id: string }>(ours, 'SELECT id FROM deployment'))[0].id;
    theirId = (await sql<{ id: string }>(theirs, 'SELECT id FROM deployment'))[0].id;
  });
  after(async () => {
    await theirWorker?.stop();
    await api?.stop();
    redis.disconnect();
    await ours?.drop();
    await theirs?.drop();
  });

  test('each database has an id of its own, and the job carries its deployment’s', async () => {
    assert.match(ourId, /^[0-9a-f-]{36}$/);
    assert.notEqual(ourId, theirId);
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const pid = submitted.body.pid as number;
    assert.equal(JSON.parse((await redis.hget(jobKey(`analyse:${pid}`), 'data')) ?? '{}').deployment, ourId);

    // Their worker takes it, says so naming both deployments, and puts it back as it was.
    const complaint = new RegExp(`Job analyse:${pid} belongs to deployment ${ourId}, not to this worker's deployment ${theirId}: put back untouched`);
    await waitFor(() => complaint.test(theirWorker.logs()), 15_000);
    const job = await redis.hgetall(jobKey(`analyse:${pid}`));
    assert.equal(job.attemptsMade ?? '0', '0', 'no attempt counted');
    assert.equal(job.failedReason, undefined, 'no error recorded');
    assert.deepEqual(JSON.parse(job.data), { pid, requestId: submitted.headers.get('x-request-id'), deployment: ourId });
    assert.equal(await redis.zscore(`${queuePrefix}:process-audio:completed`, `analyse:${pid}`), null);
    assert.equal(await redis.zscore(`${queuePrefix}:process-audio:failed`, `analyse:${pid}`), null);
    assert.equal((await client.process(pid)).body.status, 0, 'our process is untouched: still pending');
    assert.equal((await sql(theirs, 'SELECT pid FROM processes')).length, 0);

    // Our own worker then does it.
    const ourWorker = await startService({ role: 'worker', env: ours.env, storageDir, queuePrefix });
    try {
      const settled = await client.settle(pid, 60_000);
      assert.equal(settled.status, 2);
      assert.doesNotMatch(ourWorker.logs(), /belongs to deployment/);
    } finally {
      await ourWorker.stop();
    }
  });

  test('a job whose process is not in the database is logged, not dropped in silence', async () => {
    await redis.hset(jobKey('missing-row'), {
      name: 'analyse',
      data: JSON.stringify({ pid: 987654, deployment: theirId }),
      opts: JSON.stringify({ attempts: 1 }),
      timestamp: String(Date.now()),
      delay: '0',
      priority: '0',
    });
    await redis.lpush(`${queuePrefix}:process-audio:wait`, 'missing-row');
    await waitFor(() => /Dropped job missing-row: process 987654 is not in this deployment's database/.test(theirWorker.logs()), 15_000);
  });

  test('start-up warns when the queue prefix is the default and the database is not the embedded one', async () => {
    assert.doesNotMatch(api.logs(), /QUEUE_PREFIX is the default/);
    const shared = await startService({ role: 'api', env: { ...ours.env, QUEUE_PREFIX: 'oliver' }, storageDir });
    await shared.stop();
    const warning = shared
      .logs()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { level: string; msg: string })
      .find((line) => line.msg.startsWith('QUEUE_PREFIX is the default'));
    assert.equal(warning?.level, 'warn');
    assert.match(warning.msg, new RegExp(`^QUEUE_PREFIX is the default "oliver".*deployment ${ourId}.*Give each deployment a QUEUE_PREFIX of its own$`));
    assert.doesNotMatch(theirWorker.logs(), /QUEUE_PREFIX is the default/, 'not with the embedded database');
  });
});
