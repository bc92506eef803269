import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService, waitFor } from '../support/service';

/** A guess at a token, as if forwarded by a proxy for `address`. */
const guess = (service: RunningService, address: string) =>
  fetch(`${service.url}/client/1/process`, { headers: { 'X-Auth-Token': 'olv_guess', 'X-Forwarded-For': address } }).then((r) => r.status);

/** Four guesses (the limit is three a second), all in one window of the limiter. */
async function exhaust(service: RunningService, address: string): Promise<number[]> {
  await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 20));
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push(await guess(service, address));
  return statuses;
}

const requestLines = (service: RunningService) =>
  service
    .logs()
    .split('\n')
    .filter((line) => line.includes('"req":'))
    .map((line) => JSON.parse(line).req.remoteAddress as string);

/** The addresses on the request lines, once all five requests of a test are logged (stdout arrives on its own time). */
async function loggedAddresses(service: RunningService): Promise<string[]> {
  await waitFor(() => requestLines(service).length >= 5, 5000);
  return requestLines(service);
}

describe('client addresses behind a proxy (TRUST_PROXY)', () => {
  let db: TestDatabase;
  let direct: RunningService;
  let proxied: RunningService;

  before(async () => {
    db = await createTestDatabase('sqlite');
    direct = await startService({ role: 'api', env: { ...db.env, UNKNOWN_TOKEN_RATE_LIMIT: '3' } });
    proxied = await startService({ role: 'api', env: { ...db.env, UNKNOWN_TOKEN_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' } });
  });
  after(async () => {
    await direct?.stop();
    await proxied?.stop();
    await db?.drop();
  });

  test('by default X-Forwarded-For is ignored: a caller cannot pick a new address to escape the limit', async () => {
    assert.deepEqual(await exhaust(direct, '203.0.113.7'), [401, 401, 401, 429]);
    assert.equal(await guess(direct, '203.0.113.8'), 429);
    const logged = await loggedAddresses(direct);
    assert.ok(logged.every((address) => /127\.0\.0\.1$/.test(address)), logged.join(','));
  });

  test('behind a trusted proxy each forwarded address has its own count, and is the one logged', async () => {
    assert.deepEqual(await exhaust(proxied, '203.0.113.7'), [401, 401, 401, 429]);
    assert.equal(await guess(proxied, '203.0.113.8'), 401);
    const logged = await loggedAddresses(proxied);
    assert.ok(logged.includes('203.0.113.7') && logged.includes('203.0.113.8'), logged.join(','));
    assert.ok(!logged.some((address) => /127\.0\.0\.1$/.test(address)), logged.join(','));
  });
});
