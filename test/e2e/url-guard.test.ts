import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { AudioServer, sendFile } from '../support/audio-server';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };

/**
 * Only loopback is ever contacted: 127.0.0.2 plays an allowed recording
 * store, 127.0.0.1 and ::1 the internal addresses an attacker would aim at.
 */
describe('URL submissions cannot reach internal addresses', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  const allowed = new AudioServer('127.0.0.2');
  const internal = new AudioServer('127.0.0.1');
  const internalV6 = new AudioServer('::1');

  before(async () => {
    await Promise.all([allowed.start(), internal.start(), internalV6.start()]);
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, URL_ALLOWED_NETWORKS: '127.0.0.2/32' } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await Promise.all([allowed.stop(), internal.stop(), internalV6.stop()]);
    await db?.drop();
  });

  test('an allowed address is downloaded', async () => {
    const submitted = await client.submitUrl({ ...CALL, url: allowed.route('/calls/ok.wav', sendFile(fixture('pcm.wav').path)) });
    assert.equal((await client.settle(submitted.body.pid)).status, 2);
  });

  for (const [label, url, reason] of [
    ['127.0.0.1', () => internal.route('/secret', sendFile(fixture('pcm.wav').path)), 'Download refused: 127.0.0.1 is a loopback address (this machine)'],
    ['[::1]', () => internalV6.route('/secret', sendFile(fixture('pcm.wav').path)), 'Download refused: [::1] is a loopback address (this machine)'],
    ['localhost', () => internal.route('/secret', sendFile(fixture('pcm.wav').path)).replace('127.0.0.1', 'localhost'), /^Download refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address \(this machine\)$/],
    ['an IPv4-mapped IPv6 address, named as written', () => internal.route('/secret', sendFile(fixture('pcm.wav').path)).replace('127.0.0.1', '[::ffff:127.0.0.1]'), 'Download refused: [::ffff:127.0.0.1] is a loopback address (this machine)'],
    ['a decimal address, named as written with the address it means', () => internal.route('/secret', sendFile(fixture('pcm.wav').path)).replace('127.0.0.1', '2130706433'), 'Download refused: 2130706433 (127.0.0.1) is a loopback address (this machine)'],
    ['a redirect from the allowed server to loopback', () => {
      const secret = internal.route('/secret', sendFile(fixture('pcm.wav').path));
      return allowed.route('/calls/moved.wav', (_q, r) => r.writeHead(302, { location: secret.replace('127.0.0.1', '0x7f.1') }).end());
    }, 'Download refused: 0x7f.1 (127.0.0.1) is a loopback address (this machine)'],
  ] as const) {
    test(`${label} is refused: -2 with the reason, no connection, nothing stored`, async () => {
      const submitted = await client.submitUrl({ ...CALL, url: url() });
      assert.equal(submitted.status, 200);
      const done = await client.settle(submitted.body.pid);
      assert.equal(done.status, -2);
      if (typeof reason === 'string') assert.equal(done.statusmsg, reason);
      else assert.match(done.statusmsg, reason);
      assert.equal(internal.hits.get('/secret') ?? 0, 0);
      assert.equal(internalV6.hits.get('/secret') ?? 0, 0);
      assert.deepEqual(readdirSync(`${service.storageDir}/downloads`), []);
    });
  }

  test('the refused processes hold no audio', async () => {
    const rows = await sql<{ audio_bytes: number | null }>(db, 'SELECT audio_bytes FROM processes WHERE status = -2');
    assert.equal(rows.length, 6);
    assert.ok(rows.every((r) => r.audio_bytes === null));
  });
});
