import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient, query, rawHttp } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const LIMIT_MS = 3000;
/** Node checks its limits once a second; the rest is room for a loaded CI machine. */
const LATE_MS = 4000;
/** How long a client that is refused may still be read from before the connection closes. */
const DRAIN_MS = 5000;

for (const kind of DATABASE_KINDS) describe(`REQUEST_TIMEOUT_MS below a minute is honoured (${LIMIT_MS} ms), on ${kind}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase(kind);
    service = await startService({ env: { ...db.env, REQUEST_TIMEOUT_MS: String(LIMIT_MS) } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const start = () => `POST /client/${client.cid}/process/audio?${query({ channels: 2, calldirection: 1 })} HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: ${client.token}\r\n`;
  /** Sends one piece every 200 ms for as long as the connection is open. */
  const trickle = (piece: string) => (send: (bytes: string) => void) => {
    const timer = setInterval(() => send(piece), 200);
    setTimeout(() => clearInterval(timer), 60_000).unref();
  };

  const assertCutInTime = (answer: { status: number; body: unknown; answeredMs: number; closedMs: number }) => {
    assert.equal(answer.status, 408, JSON.stringify(answer));
    assert.deepEqual(answer.body, { code: 408, message: `The request took longer than the limit of ${LIMIT_MS} ms to arrive` });
    assert.ok(answer.answeredMs >= LIMIT_MS - 100, `answered after ${answer.answeredMs} ms, before the limit`);
    assert.ok(answer.answeredMs <= LIMIT_MS + LATE_MS, `answered after ${answer.answeredMs} ms`);
    assert.ok(answer.closedMs <= LIMIT_MS + LATE_MS + DRAIN_MS, `closed after ${answer.closedMs} ms`);
  };

  test('an upload whose body trickles in is cut at the limit with a 408, and leaves no file and no row', async () => {
    const head = `${start()}Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="slow.wav"\r\n\r\nRIFF`;
    assertCutInTime(await rawHttp(service.url, head, trickle('x'), 60_000));
    assert.deepEqual(await sql(db, 'SELECT pid FROM processes'), []);
    // The partial upload is removed as the connection closes.
    await waitFor(async () => (await service.store.keys()).length === 0, 5000).catch(async () => assert.deepEqual(await service.store.keys(), [], 'no partial upload stays'));
  });

  test('headers that trickle in are cut at the limit with a 408', async () => {
    assertCutInTime(await rawHttp(service.url, start(), trickle('X-Slow: 1\r\n'), 60_000));
  });

  test('the service goes on accepting uploads', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 1);
  });
});
