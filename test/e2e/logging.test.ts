import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient, query } from '../support/api';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

const lines = (service: RunningService) =>
  service
    .logs()
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });

describe('structured logs: JSON lines, and a request id that follows the call into the worker', () => {
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();
  let db: TestDatabase;
  let api: RunningService;
  let worker: RunningService;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase('postgres');
    api = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    worker = await startService({ role: 'worker', env: db.env, storageDir, queuePrefix });
    client = await OliverClient.register(api);
  });
  after(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  test('the id a client sends comes back, is on the request line of the API and on the job lines of the worker', async () => {
    const requestId = `trace-${Date.now()}`;
    const form = new FormData();
    form.append('file', await openAsBlob(fixture('pcm.wav').path), 'call.wav');
    const response = await fetch(`${api.url}/client/${client.cid}/process/audio?${query({ channels: 2, calldirection: 1, ANI: '+15550001111' })}`, {
      method: 'POST',
      body: form,
      headers: { 'X-Auth-Token': client.token, 'X-Request-Id': requestId },
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), requestId);
    const { pid } = (await response.json()) as { pid: number };
    await client.settle(pid);

    const request = lines(api).find((l) => l.req?.id === requestId);
    assert.ok(request, 'the API logged the request');
    assert.equal(request.msg, 'request completed');
    assert.equal(request.level, 'info');
    assert.equal(request.res.statusCode, 200);
    assert.equal(request.req.path, `/client/${client.cid}/process/audio`);
    await waitFor(() => lines(worker).some((l) => l.requestId === requestId && /complete/.test(l.msg)), 5000);
    const done = lines(worker).find((l) => l.requestId === requestId && /complete/.test(l.msg))!;
    assert.equal(done.processPid, pid);
    assert.equal(done.context, 'CallProcessor');
  });

  test('without an id, the API makes one; what identifies callers and customers is never logged', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1, ANI: '+15550002222', customerId: 'cust-secret-77' });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    await client.settle(response.body.pid);
    const everything = api.logs() + worker.logs();
    for (const secret of [client.token, '+15550002222', '15550002222', 'cust-secret-77', '+15550001111']) {
      assert.ok(!everything.includes(secret), `${secret} is not in the logs`);
    }
    assert.ok(lines(api).every((l) => typeof l.level === 'string' && typeof l.time === 'number'));
  });

  test('a refused request says why on its line, without the query string', async () => {
    const tooLong = 'x'.repeat(300);
    const refused = await client.submitFile(fixture('pcm.wav').path, { channels: 3, calldirection: 1, customerId: tooLong, ANI: '+15550003333' });
    assert.equal(refused.status, 400);
    const requestId = refused.headers.get('x-request-id');
    await waitFor(() => lines(api).some((l) => l.req?.id === requestId), 5000);
    const line = lines(api).find((l) => l.req?.id === requestId);
    assert.ok(line, 'the API logged the request');
    assert.equal(line.res.statusCode, 400);
    assert.equal(line.reason, refused.body.message);
    assert.match(line.reason, /channels/);
    assert.equal(line.req.path, `/client/${client.cid}/process/audio`);
    for (const secret of [tooLong, '15550003333', 'calldirection=']) assert.ok(!api.logs().includes(secret), `${secret} is not in the logs`);

    const unknown = await fetch(`${api.url}/client/${client.cid}/process/1?ANI=%2B15550004444`, { headers: { 'X-Auth-Token': 'olv_not-a-token' } });
    assert.equal(unknown.status, 401);
    await waitFor(() => lines(api).some((l) => l.req?.id === unknown.headers.get('x-request-id')), 5000);
    const denied = lines(api).find((l) => l.req?.id === unknown.headers.get('x-request-id'));
    assert.equal(denied?.reason, ((await unknown.json()) as { message: string }).message);
    assert.ok(!api.logs().includes('15550004444'));
    assert.equal(lines(api).filter((l) => l.req?.id === requestId).length, 1, 'one line per request');
  });
});
