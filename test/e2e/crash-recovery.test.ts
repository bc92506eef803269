import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { startService, tempDir, uniquePrefix, waitFor } from '../support/service';
import { storeAt } from '../support/store-under-test';

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

  test('leaves a partial upload that the restarted API sweeps, and no row', async () => {
    const store = await storeAt(storageDir);
    const partials = async () => (await store.keys('.incoming/')).filter((key) => key.endsWith('.part'));
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
      if (store.driver === 'file') await waitFor(async () => (await partials()).length === 1, 5000);
      else await new Promise((r) => setTimeout(r, 1000)); // the half body reaches the API and its upload to the store begins
    } finally {
      await first.stop('SIGKILL');
      upload.destroy();
    }
    if (store.driver === 's3') {
      // An object store shows no part of an upload cut off mid-way (its multipart parts are not objects);
      // what an API killed between the upload's end and its move leaves is an incoming object like this.
      assert.deepEqual(await partials(), [], 'an unfinished multipart upload is no object');
      await store.place(`.incoming/${hostname()}/checked-when-killed.part`);
    }
    assert.equal((await partials()).length, 1, 'the killed process could not clean up');

    const second = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    try {
      assert.deepEqual(await partials(), []);
      assert.match(second.logs(), /Removed 1 unfinished upload/);
      assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 0);
    } finally {
      await second.stop();
    }
  });
});
