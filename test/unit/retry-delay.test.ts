import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JobHandedBack, retryDelay } from '../../src/queue/queue.constants';

test('failures back off exponentially from JOB_BACKOFF_MS, as Bull\'s own exponential strategy does', () => {
  const delay = retryDelay(5000);
  assert.deepEqual([1, 2, 3, 4].map((attempts) => delay(attempts, new Error('Download failed: ECONNRESET'))), [5000, 15000, 35000, 75000]);
});

test('a job handed back by a stopping worker goes back to the queue at once', () => {
  assert.equal(retryDelay(5000)(3, new JobHandedBack()), 0);
});
