import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { startService, tempDir, uniquePrefix, waitFor } from '../support/service';

function partials(storage: string): string[] {
  try {
    return readdirSync(`${storage}/.incoming`, { recursive: true }).map(String).filter((name) => name.endsWith('.part'));
  } catch {
    return [];
  }
}

describe('an API killed in the middle of an upload', () => {
  let db: TestDatabase;
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();

  before(async () => {
    db = await createTestDatabase('sqlite');
  });
  after(async () => {
    await db?.drop();
  });

  test('leaves a partial file that the restarted API sweeps, and no row', async () => {
    const first = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    const client = await OliverClient.register(first);
    const boundary = 'killed-upload-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const audio = readFileSync(fixture('pcm.wav').path);
    const upload = request(`${first.url}/client/${client.cid}/process/audio?channels=2&calldirection=1`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + audio.length + 64), 'x-auth-token': client.token },
    });
    upload.on('error', () => undefined);
    upload.write(head);
    upload.write(audio.subarray(0, audio.length / 2));
    try {
      await waitFor(() => partials(storageDir).length === 1, 5000);
    } finally {
      await first.stop('SIGKILL');
      upload.destroy();
    }
    assert.equal(partials(storageDir).length, 1, 'the killed process could not clean up');

    const second = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    try {
      assert.deepEqual(partials(storageDir), []);
      assert.match(second.logs(), /Removed 1 unfinished upload/);
      assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 0);
    } finally {
      await second.stop();
    }
  });
});
