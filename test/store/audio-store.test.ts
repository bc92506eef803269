import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, test } from 'node:test';
import { AudioStoreDriver, StoreUnavailable } from '../../src/store/audio-store';
import { FileAudioStore } from '../../src/store/file-audio-store';
import { S3AudioStore } from '../../src/store/s3-audio-store';
import { BUCKET, PrivateS3 } from '../support/s3-server';
import { tempDir } from '../support/service';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A stream of `bytes` in 64 KiB chunks, as a network upload arrives. */
function chunked(bytes: Buffer, chunk = 64 * 1024): Readable {
  let at = 0;
  return new Readable({
    read() {
      this.push(at < bytes.length ? bytes.subarray(at, (at += chunk)) : null);
    },
  });
}

/** A stream that sends `bytes` and then hangs until destroyed, as a client that stopped sending. */
function stalled(bytes: Buffer): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (!sent) this.push(bytes);
      sent = true;
    },
  });
}

async function keysOf(store: AudioStoreDriver, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  for await (const { key } of store.listOlderThan(prefix, Infinity)) keys.push(key);
  return keys.sort();
}

/** The S3 driver's local folder for copies. */
const workDir = tempDir('work');

const drivers: Array<{ name: string; open: () => Promise<{ store: AudioStoreDriver; s3?: PrivateS3 }> }> = [
  { name: 'the disk', open: async () => ({ store: new FileAudioStore(tempDir('store'), true) }) },
  {
    name: 'an S3-compatible server',
    open: async () => {
      const s3 = await PrivateS3.start();
      const env = s3.env('calls');
      const store = new S3AudioStore({ bucket: BUCKET, prefix: 'calls', region: 'us-east-1', endpoint: s3.endpoint, forcePathStyle: true }, workDir);
      process.env.AWS_ACCESS_KEY_ID = env.AWS_ACCESS_KEY_ID;
      process.env.AWS_SECRET_ACCESS_KEY = env.AWS_SECRET_ACCESS_KEY;
      return { store, s3 };
    },
  },
];

for (const driver of drivers) {
  describe(`the audio store on ${driver.name}`, () => {
    let store: AudioStoreDriver;
    let s3: PrivateS3 | undefined;

    before(async () => {
      ({ store, s3 } = await driver.open());
    });
    after(async () => {
      await s3?.close();
      if (store instanceof FileAudioStore) rmSync(store.root, { recursive: true, force: true });
      else rmSync(workDir, { recursive: true, force: true });
    });

    test('a put returns the size and SHA-256 of what it stored, and a read gives the same bytes back', async () => {
      const bytes = randomBytes(300_000);
      const put = await store.put('2026/01/02/small.wav', chunked(bytes));
      assert.deepEqual(put, { bytes: bytes.length, sha256: sha256(bytes) });
      assert.deepEqual(await buffer(await store.openRead('2026/01/02/small.wav')), bytes);
    });

    test('a put of many multipart parts (5 MiB each) arrives whole', async () => {
      const bytes = randomBytes(20 * 1024 * 1024 + 123);
      const put = await store.put('2026/01/02/large.wav', chunked(bytes));
      assert.deepEqual(put, { bytes: bytes.length, sha256: sha256(bytes) });
      const copy = await store.materialise('2026/01/02/large.wav');
      try {
        assert.equal(sha256(readFileSync(copy.path)), sha256(bytes));
      } finally {
        await copy.release();
      }
    });

    test('materialise gives a local file; release removes a copy but never the stored object', async () => {
      const copy = await store.materialise('2026/01/02/small.wav');
      assert.ok(existsSync(copy.path));
      await copy.release();
      assert.equal(existsSync(copy.path), store.kind === 'file', 'the disk store hands out the file itself');
      assert.ok((await keysOf(store)).includes('2026/01/02/small.wav'));
    });

    test('a move gives the object its new key; the old one is gone', async () => {
      const bytes = randomBytes(70_000);
      await store.put('.incoming/host-a/upload.part', chunked(bytes));
      await store.move('.incoming/host-a/upload.part', '2026/01/03/kept.wav');
      assert.deepEqual(await keysOf(store, '.incoming/'), []);
      assert.deepEqual(await buffer(await store.openRead('2026/01/03/kept.wav')), bytes);
    });

    test('list older than a time lists only objects last written before it, under the prefix', async () => {
      const before = Date.now() + 1000;
      assert.deepEqual(await keysOf(store, '2026/01/03/'), ['2026/01/03/kept.wav']);
      const listed = [];
      for await (const object of store.listOlderThan('2026/', before - 3_600_000)) listed.push(object);
      assert.deepEqual(listed, [], 'nothing is an hour old');
      for await (const object of store.listOlderThan('2026/01/03/', before)) assert.ok(object.modifiedAt > before - 600_000);
    });

    test('delete removes an object; deleting one already gone is not an error', async () => {
      await store.delete('2026/01/03/kept.wav');
      await store.delete('2026/01/03/kept.wav');
      assert.deepEqual(await keysOf(store, '2026/01/03/'), []);
      await assert.rejects(store.openRead('2026/01/03/kept.wav'), { code: 'ENOENT' });
    });

    test('an aborted put leaves nothing behind, whether it was one part or many', async () => {
      for (const size of [100_000, 20 * 1024 * 1024]) {
        const stop = new AbortController();
        const put = store.put('.incoming/host-a/aborted.part', stalled(randomBytes(size)), stop.signal);
        await new Promise((r) => setTimeout(r, 300));
        stop.abort();
        await assert.rejects(put);
        assert.deepEqual(await keysOf(store, '.incoming/'), []);
      }
    });

    test('a put whose body breaks off leaves nothing behind', async () => {
      const body = stalled(randomBytes(9 * 1024 * 1024));
      const put = store.put('.incoming/host-a/broken.part', body);
      setTimeout(() => body.destroy(new Error('the client went away')), 300);
      await assert.rejects(put, /the client went away/);
      assert.deepEqual(await keysOf(store, '.incoming/'), []);
    });

    test('keys that climb out of the store are refused', async () => {
      await assert.rejects(store.put('../escape.wav', chunked(Buffer.alloc(10))), /not a key inside the store/);
      await assert.rejects(store.materialise('/etc/passwd'), /not a key inside the store/);
    });

    if (driver.name !== 'the disk') {
      test('a store that does not answer: the readiness check says so, and every operation fails as an outage', async () => {
        assert.deepEqual(await store.check(), { up: true, detail: 'the bucket answers' });
        await s3!.stop();
        try {
          const health = await store.check();
          assert.equal(health?.up, false);
          assert.doesNotMatch(health!.detail, /127\.0\.0\.1|localhost/);
          await assert.rejects(store.put('.incoming/host-a/away.part', chunked(randomBytes(1000))), StoreUnavailable);
          await assert.rejects(store.materialise('2026/01/02/small.wav'), StoreUnavailable);
          await assert.rejects(store.delete('2026/01/02/small.wav'), StoreUnavailable);
          await assert.rejects(keysOf(store), StoreUnavailable);
        } finally {
          await s3!.start();
        }
        assert.equal((await store.check())?.up, true);
        assert.ok((await keysOf(store)).includes('2026/01/02/small.wav'), 'nothing was lost while the store was away');
      });
    }
  });
}
