import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { RunningService, startService, tempDir, waitFor } from '../support/service';
import { storeAt, TestStore } from '../support/store-under-test';

/** A local file (a URL download) of a dead process's, last written `secondsAgo`. */
function leftover(path: string, secondsAgo = 0): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, Buffer.alloc(4096));
  const then = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(path, then, then);
  return path;
}

describe('files left by processes that died mid-work', () => {
  const storageDir = tempDir('audio');
  let db: TestDatabase;
  let service: RunningService | undefined;
  let store: TestStore;

  before(async () => {
    db = await createTestDatabase('sqlite');
    store = await storeAt(storageDir);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  test('a worker removes downloads once older than any live job keeps one; a fresh one stays until then', async () => {
    const abandoned = leftover(join(storageDir, 'downloads', '7-abandoned.download'), 60);

    // The longest a job keeps a download: 2 s to fetch + 1 s to decode + 1 s of lock margin.
    const env = { ...db.env, URL_TIMEOUT_MS: '2000', DECODE_TIMEOUT_SECONDS: '1', JOB_LOCK_MS: '1000', RECONCILE_INTERVAL_MS: '1000' };
    service = await startService({ role: 'worker', env, storageDir });
    await waitFor(() => !existsSync(abandoned), 10_000);
    await waitFor(() => /Removed 1 download\(s\) left by workers that stopped mid-job/.test(service!.logs()), 10_000);

    // Written once the worker runs, so however long it took to start, the file is young at the next passes.
    const fresh = leftover(join(storageDir, 'downloads', '8-in-progress.download'));
    const writtenAt = statSync(fresh).mtimeMs;
    await new Promise((wait) => setTimeout(wait, 2500));
    assert.ok(existsSync(fresh) || Date.now() - writtenAt >= 4000, 'a download younger than 4 s is kept');
    await waitFor(() => !existsSync(fresh), 15_000);
    assert.ok(Date.now() - writtenAt >= 4000, 'removed only once older than 4 s');
    await service.stop();
    service = undefined;
  });

  test("an API removes unfinished uploads of a host that never came back, once older than a request may last", async () => {
    // REQUEST_TIMEOUT_MS of 1 s: an upload lives at most 1 s + 60 s to be checked and kept.
    await service?.stop();
    await store.place('.incoming/api-host-gone/cut-off.part', undefined, 120);
    await store.place('.incoming/api-host-busy/arriving.part', undefined, 30);
    service = await startService({ role: 'api', env: { ...db.env, REQUEST_TIMEOUT_MS: '1000', RECONCILE_INTERVAL_MS: '1000' }, storageDir });
    await waitFor(async () => !(await store.exists('.incoming/api-host-gone/cut-off.part')), 10_000);
    await waitFor(() => /Removed 1 unfinished upload\(s\) left by APIs that stopped mid-request/.test(service!.logs()), 10_000);
    assert.ok(await store.exists('.incoming/api-host-busy/arriving.part'), 'an upload another API may still be receiving is kept');
  });

  test('an API removes recordings moved into the store whose row was never committed, once older than a request may last', async () => {
    await service?.stop();
    await store.place('2026/01/02/abandoned.wav');
    await store.place('2026/01/02/being-recorded.wav');
    service = await startService({ role: 'api', env: { ...db.env, REQUEST_TIMEOUT_MS: '1000', RECONCILE_INTERVAL_MS: '1000' }, storageDir });
    // Listed before being moved into the store, 2 minutes and 30 s ago; a request lives at most 1 s + 60 s.
    await sql(db, 'INSERT INTO unrecorded_audio (path, since) VALUES (?, ?), (?, ?)', ['2026/01/02/abandoned.wav', Date.now() - 120_000, '2026/01/02/being-recorded.wav', Date.now() - 30_000]);
    await waitFor(async () => !(await store.exists('2026/01/02/abandoned.wav')), 10_000);
    await waitFor(() => /Removed 1 stored recording\(s\) whose request stopped or was refused before its row was committed/.test(service!.logs()), 10_000);
    assert.ok(await store.exists('2026/01/02/being-recorded.wav'), 'a recording its request may still record is kept');
    assert.deepEqual(await sql(db, 'SELECT path FROM unrecorded_audio'), [{ path: '2026/01/02/being-recorded.wav' }]);
  });
});
