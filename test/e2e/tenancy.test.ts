import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const spec = JSON.parse(readFileSync(resolve(__dirname, '../../../openapi/openapi.json'), 'utf8'));
const clientRoutes = Object.entries(spec.paths)
  .filter(([path]) => path.startsWith('/client/'))
  .flatMap(([path, item]) => Object.keys(item as object).map((method) => ({ method: method.toUpperCase(), path })));

async function call(service: RunningService, method: string, path: string, token?: string) {
  const response = await fetch(`${service.url}${path}`, { method, headers: token ? { 'X-Auth-Token': token } : {} });
  const text = await response.text();
  return { status: response.status, body: (response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text) as any, headers: response.headers };
}

describe('tenant isolation: every client route, every kind of caller', () => {
  let db: TestDatabase;
  let service: RunningService;
  let alice: OliverClient;
  let bob: OliverClient;
  let carol: OliverClient;
  let alicePid: number;

  before(async () => {
    db = await createTestDatabase('sqlite');
    // Many refusals in a row from one address are the point here, not a guessing attack.
    service = await startService({ env: { ...db.env, UNKNOWN_TOKEN_RATE_LIMIT: '1000' } });
    alice = await OliverClient.register(service, 'Alice');
    bob = await OliverClient.register(service, 'Bob');
    carol = await OliverClient.register(service, 'Carol');
    const submitted = await alice.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    alicePid = submitted.body.pid;
    await alice.settle(alicePid);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const route = (path: string, cid: number) => path.replace('{cid}', String(cid)).replace('{pid}', String(alicePid)).replace('{wid}', '1').replace('{did}', '1');

  test('the matrix covers the six client operations of the contract, the timeline, the history, delete, cancel and reprocess, and the seven of webhooks', () => {
    assert.equal(clientRoutes.length, 18);
  });

  for (const { method, path } of clientRoutes) {
    test(`${method} ${path}`, async () => {
      const own = await call(service, method, route(path, alice.cid), alice.token);
      assert.ok(![401, 403].includes(own.status), `own token: ${own.status} ${JSON.stringify(own.body)}`);
      const other = await call(service, method, route(path, alice.cid), bob.token);
      assert.equal(other.status, 403);
      assert.deepEqual(other.body, { code: 403, message: `This token does not give access to client ${alice.cid}` });
      const none = await call(service, method, route(path, alice.cid));
      assert.equal(none.status, 401);
      assert.equal(none.body.message, 'A valid X-Auth-Token header is required');
      const wrong = await call(service, method, route(path, alice.cid), `${alice.token}x`);
      assert.equal(wrong.status, 401);
      assert.equal(wrong.body.message, 'The X-Auth-Token is not valid');
    });
  }

  test("another client's process stays hidden even under its own cid", async () => {
    assert.equal((await bob.process(alicePid)).status, 404);
    assert.equal((await bob.result(alicePid)).status, 404);
    assert.deepEqual((await bob.list()).body, []);
  });

  test('GET /client/{cid} shows the record without secrets', async () => {
    const { status, body } = await alice.get(`/client/${alice.cid}`);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['cid', 'created', 'name']);
    assert.equal(body.name, 'Alice');
    const [stored] = await sql<{ token_hash: string }>(db, 'SELECT token_hash FROM clients WHERE cid = ?', [alice.cid]);
    assert.match(stored.token_hash, /^[0-9a-f]{64}$/);
    assert.notEqual(stored.token_hash, alice.token, 'only a hash of the token is stored');
  });

  test('a rotated token: the old one is refused, the new one accepted', async () => {
    const [rotated] = await cli(service.env, 'client', 'rotate-token', '--cid', String(bob.cid));
    assert.equal((await call(service, 'GET', `/client/${bob.cid}`, bob.token)).status, 401);
    assert.equal((await call(service, 'GET', `/client/${bob.cid}`, rotated.token)).status, 200);
  });

  test('a disabled client is refused, and nothing of a refused submission is stored', async () => {
    await cli(service.env, 'client', 'disable', '--cid', String(carol.cid));
    const refused = await carol.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    assert.equal(refused.status, 401);
    assert.equal((await sql(db, 'SELECT pid FROM processes WHERE cid = ?', [carol.cid])).length, 0);
    const listed = await cli(service.env, 'client', 'list');
    assert.ok(listed.find((c) => c.cid === carol.cid).disabled);
    assert.ok(listed.every((c) => !('token' in c)), 'list never shows tokens');
  });

  test('security headers on every response; no CORS unless configured', async () => {
    for (const path of ['/status', `/client/${alice.cid}`, '/docs']) {
      const response = await fetch(`${service.url}${path}`, { headers: { Origin: 'https://elsewhere.example' } });
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      assert.ok(response.headers.get('content-security-policy'), path);
      assert.equal(response.headers.get('access-control-allow-origin'), null, path);
    }
  });
});

describe('rate limits, shared in Redis', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, RATE_LIMIT: '5', UNKNOWN_TOKEN_RATE_LIMIT: '3' } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const burst = (n: number, token: string) =>
    Promise.all(Array.from({ length: n }, () => call(service, 'GET', `/client/${client.cid}/process`, token)));

  test('a client over its limit gets 429 with Retry-After, and is served again a second later', async () => {
    // Start at the beginning of a second so the burst falls in one window.
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const answers = await burst(20, client.token);
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length >= 10, `statuses: ${answers.map((a) => a.status).join(',')}`);
    assert.equal(refused[0].headers.get('retry-after'), '1');
    assert.match(refused[0].body.message, /at most 5 a second/);
    await new Promise((r) => setTimeout(r, 1100));
    assert.equal((await call(service, 'GET', `/client/${client.cid}/process`, client.token)).status, 200);
  });

  test('guessing tokens from one address is slowed to a few tries a second', async () => {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
    const answers = await burst(12, 'olv_guess');
    assert.ok(answers.some((a) => a.status === 429), `statuses: ${answers.map((a) => a.status).join(',')}`);
    assert.ok(answers.filter((a) => a.status === 401).length <= 3);
    await waitFor(async () => (await call(service, 'GET', `/client/${client.cid}/process`, client.token)).status === 200, 3000);
  });
});
