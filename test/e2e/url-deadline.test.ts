import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import type { Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { AudioServer } from '../support/audio-server';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };
const URL_TIMEOUT_MS = 2000;
const ATTEMPTS = 2;
/** Generous: slow CI machines poll, back off and start ffmpeg late. */
const MARGIN_MS = 10_000;

/** Writes `text` one byte every 100 ms, for ever (until the socket closes): a server that is slow, never silent. */
function trickle(socket: Socket, text: string): void {
  let at = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(text[at % text.length]);
    at++;
  }, 100);
  socket.once('close', () => clearInterval(timer));
}

/**
 * URL_TIMEOUT_MS bounds the whole download from the connection on: a
 * server that is never silent (so no idle timeout fires) still cannot keep
 * a worker, whether it trickles its headers or its body.
 */
describe('a URL download ends within its time limit, however slowly the server talks', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  const server = new AudioServer();

  before(async () => {
    await server.start();
    db = await createTestDatabase('sqlite');
    service = await startService({
      env: { ...db.env, URL_TIMEOUT_MS: String(URL_TIMEOUT_MS), JOB_ATTEMPTS: String(ATTEMPTS), URL_ALLOWED_NETWORKS: '127.0.0.0/8' },
    });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await server.stop();
    await db?.drop();
  });

  for (const [label, path, talk] of [
    // Headers that never end: the status line, then one header whose value grows for ever.
    ['its response headers one byte at a time', '/calls/headers.wav', (socket: Socket) => trickle(socket, 'HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nX-Padding: ' + 'a'.repeat(1_000_000))],
    ['its body one byte at a time', '/calls/body.wav', (socket: Socket) => {
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: audio/wav\r\nContent-Length: 1000000\r\n\r\nRIFF');
      trickle(socket, '\0');
    }],
  ] as const) {
    test(`a server that sends ${label} is cut off at the limit: -2 with the reason`, async () => {
      const url = server.route(path, (request) => talk(request.socket));
      const started = Date.now();
      const submitted = await client.submitUrl({ ...CALL, url });
      assert.equal(submitted.status, 200);
      const budget = ATTEMPTS * URL_TIMEOUT_MS + MARGIN_MS;
      const done = await client.settle(submitted.body.pid, budget);
      const elapsed = Date.now() - started;
      assert.equal(done.status, -2);
      assert.equal(done.statusmsg, `Processing failed after ${ATTEMPTS} attempts: Download failed: it took longer than the time limit`);
      assert.ok(elapsed >= ATTEMPTS * URL_TIMEOUT_MS, `settled after ${elapsed} ms, before the limit`);
      assert.ok(elapsed < budget, `settled after ${elapsed} ms`);
      assert.equal(server.hits.get(path), ATTEMPTS);
      assert.deepEqual(readdirSync(`${service.storageDir}/downloads`), []);
    });
  }
});
