import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { PrivatePostgres } from '../support/postgres-server';
import { RunningService, startService, waitFor } from '../support/service';

const UNAVAILABLE = { code: 503, message: 'The service is not available at the moment. Please try again later.' };
const CALL = { channels: 2, calldirection: 1 };

describe('when PostgreSQL goes down and comes back', () => {
  let postgres: PrivatePostgres;
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let firstPid: number;

  const storedFiles = () => service.store.keys();

  before(async () => {
    postgres = await PrivatePostgres.start();
    db = { kind: 'postgres', env: { DATABASE_URL: postgres.url }, drop: async () => undefined };
    service = await startService({ env: db.env });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await postgres?.remove();
  });

  test('with PostgreSQL up, a call is accepted and completes', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(response.status, 200);
    firstPid = response.body.pid;
    assert.equal((await client.settle(firstPid)).status, 2);
  });

  test('with PostgreSQL down: submissions and reads get the 503 body, nothing is left on disk', async () => {
    await postgres.stop();
    const answers = [
      await client.submitFile(fixture('pcm.wav').path, CALL),
      await client.submitUrl({ ...CALL, url: 'http://127.0.0.1:9/call.wav' }),
      await client.process(firstPid),
      await client.result(firstPid),
      await client.list(),
      await client.get(`/client/${client.cid}`),
    ];
    for (const response of answers) {
      assert.equal(response.status, 503, JSON.stringify(response.body));
      assert.deepEqual(response.body, UNAVAILABLE);
      assert.ok(Number(response.headers.get('retry-after')) > 0, 'Retry-After is set');
      assert.ok(response.ms < 5000, `answered in ${Math.round(response.ms)} ms`);
    }
    assert.equal((await storedFiles()).length, 1, (await storedFiles()).join(', '));
    const ready = await client.get('/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.error.database.status, 'down');
    assert.equal((await client.get('/health/live')).status, 200);
  });

  test('PostgreSQL back: the service recovers by itself, with no half-written row', async () => {
    await postgres.start();
    await waitFor(async () => (await client.get('/health/ready')).status === 200, 15_000);
    const response = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await client.settle(response.body.pid)).status, 2);
    const rows = await sql<{ pid: number; status: number }>(db, 'SELECT pid, status FROM processes ORDER BY pid');
    assert.deepEqual(rows.map((r) => [Number(r.pid), r.status]), [[firstPid, 2], [response.body.pid, 2]]);
    assert.equal((await storedFiles()).length, 2);
  });
});
