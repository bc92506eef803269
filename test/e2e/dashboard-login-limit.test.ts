import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService } from '../support/service';

const ADMIN = { user: 'operator', password: 'correct-horse-battery-staple' };
const LIMIT = 10;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('guessing the queue dashboard password is limited per address', () => {
  let db: TestDatabase;
  let service: RunningService;

  before(async () => {
    db = await createTestDatabase('sqlite');
    // Behind a trusted proxy, so that each test speaks from an address of its own.
    service = await startService({
      role: 'api',
      env: { ...db.env, ADMIN_USER: ADMIN.user, ADMIN_PASSWORD: ADMIN.password, ADMIN_LOGIN_RATE_LIMIT: String(LIMIT), TRUST_PROXY: 'loopback' },
    });
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const login = async (address: string, user: string, password: string) => {
    const response = await fetch(`${service.url}/admin/queues/api/queues`, { headers: { Authorization: basic(user, password), 'X-Forwarded-For': address } });
    return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json().catch(() => null)) as { code: number; message: string } | null };
  };
  /** Failures are counted by the minute: a burst must not straddle two minutes. */
  const withinOneMinute = async () => {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((r) => setTimeout(r, left + 100));
  };

  test('500 wrong passwords sent at once: at most the limit are judged, the rest get 429 with Retry-After; then even the right one is refused there', async () => {
    await withinOneMinute();
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => login('203.0.113.10', ADMIN.user, `guess-${i}`)));
    const statuses = answers.map((a) => a.status);
    assert.ok(statuses.every((s) => s === 401 || s === 429), statuses.join(','));
    assert.ok(statuses.filter((s) => s === 401).length <= LIMIT, `${statuses.filter((s) => s === 401).length} wrong passwords answered 401`);
    const refused = answers.find((a) => a.status === 429)!;
    assert.ok(Number(refused.retryAfter) >= 1 && Number(refused.retryAfter) <= 60, String(refused.retryAfter));
    assert.match(refused.body!.message, /Too many wrong dashboard credentials from this address; try again in \d+ seconds/);
    assert.equal(refused.body!.code, 429);

    // Once over the limit, the right password gets the same answer as a wrong one: guessing learns nothing.
    assert.equal((await login('203.0.113.10', ADMIN.user, ADMIN.password)).status, 429);
    // Another address is not held back.
    assert.equal((await login('203.0.113.11', ADMIN.user, ADMIN.password)).status, 200);
  });

  test('wrong user names count as well; the first failures are plain 401 in the contract body', async () => {
    await withinOneMinute();
    const answers = [];
    for (let i = 0; i < LIMIT + 2; i++) answers.push(await login('203.0.113.20', `user-${i}`, ADMIN.password));
    assert.deepEqual(answers.map((a) => a.status), [...Array(LIMIT).fill(401), 429, 429]);
    assert.deepEqual(answers[0].body, { code: 401, message: 'The queue dashboard needs the admin user name and password' });
  });

  test("the operator's own requests are not counted: the dashboard stays usable", async () => {
    await withinOneMinute();
    const answers = await Promise.all(Array.from({ length: 3 * LIMIT }, () => login('203.0.113.30', ADMIN.user, ADMIN.password)));
    assert.ok(answers.every((a) => a.status === 200), answers.map((a) => a.status).join(','));
    assert.equal((await login('203.0.113.30', ADMIN.user, 'typo')).status, 401);
  });
});
