import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { startService } from '../support/service';

describe('SIGTERM', () => {
  let db: TestDatabase;

  before(async () => {
    db = await createTestDatabase('sqlite');
  });
  after(async () => {
    await db?.drop();
  });

  test('the API stops accepting, finishes the upload in flight with 200, then exits', async () => {
    const service = await startService({ role: 'api', env: db.env });
    const client = await OliverClient.register(service);
    const boundary = 'graceful-boundary';
    const audio = readFileSync(fixture('pcm.wav').path);
    const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.wav"\r\nContent-Type: audio/wav\r\n\r\n`);
    const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
    let exited: Promise<number | null> | undefined;
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const upload = request(
        `${service.url}/client/${client.cid}/process/audio?channels=2&calldirection=1`,
        {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + audio.length + tail.length), 'x-auth-token': client.token, connection: 'close' },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (t) => (body += t)).on('end', () => resolve({ status: response.statusCode!, body }));
        },
      );
      upload.on('error', reject);
      upload.write(head);
      upload.write(audio.subarray(0, audio.length / 2));
      setTimeout(() => {
        exited = service.stop('SIGTERM');
        // New connections are refused while the upload in flight goes on.
        setTimeout(async () => {
          await assert.rejects(fetch(`${service.url}/status`));
          upload.end(Buffer.concat([audio.subarray(audio.length / 2), tail]));
        }, 300);
      }, 200);
    });
    const { status, body } = await answer;
    assert.equal(status, 200, body);
    assert.equal(JSON.parse(body).source, 'late.wav');
    assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 1);
    const started = Date.now();
    await exited;
    assert.ok(Date.now() - started < 5000, 'and then it exits, well inside SHUTDOWN_TIMEOUT_MS');
  });
});
