import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { PrivateRedis } from '../support/redis-server';
import { RunningService, startService, waitFor } from '../support/service';

const UNAVAILABLE = { code: 503, message: 'The service is not available at the moment. Please try again later.' };
const CALL = { channels: 2, calldirection: 1 };

describe('when Redis cannot take the job', () => {
  let redis: PrivateRedis;
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  const storedFiles = () => readdirSync(service.storageDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  const rows = async () => (await sql(db, 'SELECT pid FROM processes')).length;

  before(async () => {
    redis = await PrivateRedis.start();
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, REDIS_URL: redis.url } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await redis?.stop();
    await db?.drop();
  });

  test('with Redis up, a submission is accepted', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(response.status, 200);
    assert.equal((await client.settle(response.body.pid)).status, 2);
  });

  test('with Redis down: the exact 503 body with Retry-After within 2 s, no row, no file', async () => {
    await redis.stop();
    for (const submit of [
      () => client.submitFile(fixture('pcm.wav').path, CALL),
      () => client.submitUrl({ ...CALL, url: 'http://127.0.0.1:9/call.wav' }),
    ]) {
      const response = await submit();
      assert.equal(response.status, 503);
      assert.deepEqual(response.body, UNAVAILABLE);
      assert.ok(Number(response.headers.get('retry-after')) > 0, 'Retry-After is set');
      assert.ok(response.ms < 2000, `answered in ${Math.round(response.ms)} ms`);
    }
    assert.equal(await rows(), 1);
    assert.equal(storedFiles(), 1);
    const status = await client.get('/status');
    assert.equal(status.status, 503);
    assert.equal(status.body.checks.queue, 'down');
    const ready = await client.get('/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.error.redis.status, 'down');
    assert.equal(ready.body.info.database.status, 'up');
    assert.equal((await client.get('/health/live')).status, 200);
  });

  test('with Redis back, submissions succeed and complete without restarting anything', async () => {
    await redis.start();
    await waitFor(async () => (await client.get('/status')).status === 200, 10_000);
    assert.equal((await client.get('/health/ready')).status, 200);
    const response = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await client.settle(response.body.pid)).status, 2);
    assert.equal(await rows(), 2);
  });
});
