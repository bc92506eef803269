import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService, tempDir, waitFor } from '../support/service';

describe('downloads left by a worker that died mid-job', () => {
  const storageDir = tempDir('audio');
  const downloads = join(storageDir, 'downloads');
  let db: TestDatabase;
  let worker: RunningService | undefined;

  before(async () => {
    db = await createTestDatabase('sqlite');
  });
  after(async () => {
    await worker?.stop();
    await db?.drop();
  });

  test('are removed once older than any live job keeps one; a fresh one stays until then', async () => {
    mkdirSync(downloads, { recursive: true });
    const abandoned = join(downloads, '7-abandoned.download');
    const fresh = join(downloads, '8-in-progress.download');
    writeFileSync(abandoned, Buffer.alloc(4096));
    writeFileSync(fresh, Buffer.alloc(4096));
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(abandoned, minuteAgo, minuteAgo);

    // The longest a job keeps a download: 2 s to fetch + 1 s to decode + 1 s of lock margin.
    const env = { ...db.env, URL_TIMEOUT_MS: '2000', DECODE_TIMEOUT_SECONDS: '1', JOB_LOCK_MS: '1000', RECONCILE_INTERVAL_MS: '1000' };
    worker = await startService({ role: 'worker', env, storageDir });
    await waitFor(() => !existsSync(abandoned), 5000);
    assert.ok(existsSync(fresh), 'a download younger than 4 s is kept');
    assert.match(worker.logs(), /Removed 1 download\(s\) left by workers that stopped mid-job/);

    const writtenAt = statSync(fresh).mtimeMs;
    await waitFor(() => !existsSync(fresh), 10_000);
    assert.ok(Date.now() - writtenAt >= 4000, 'removed only once older than 4 s');
  });
});
