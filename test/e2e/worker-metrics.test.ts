import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { freePort } from '../support/ports';
import { RunningService, startService, tempDir, uniquePrefix } from '../support/service';

describe('a worker node serves its own metrics on WORKER_METRICS_PORT', () => {
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();
  let db: TestDatabase;
  let api: RunningService;
  let worker: RunningService;
  let metricsPort: number;
  let metricsUrl: string;

  before(async () => {
    db = await createTestDatabase('sqlite');
    metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}`;
    api = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
  });
  const startWorker = async () => {
    worker = await startService({ role: 'worker', env: { ...db.env, WORKER_METRICS_PORT: String(metricsPort) }, storageDir, queuePrefix });
  };
  after(async () => {
    await worker?.stop();
    await api?.stop();
    await db?.drop();
  });

  test('after a call, the worker reports its processing, audio seconds and the queue; nothing else is served', async () => {
    const client = await OliverClient.register(api);
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    // The call waits in the queue until a worker is there to take it.
    const submittedAt = Date.now();
    await new Promise((r) => setTimeout(r, 2000));
    await startWorker();
    assert.equal((await client.settle(submitted.body.pid)).status, 2);
    const waited = (Date.now() - submittedAt) / 1000;
    const response = await fetch(`${metricsUrl}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
    const text = await response.text();
    assert.match(text, /^oliver_processing_duration_seconds_count 1$/m);
    assert.match(text, /^oliver_audio_seconds_processed_total 3\.5\d*$/m);
    assert.match(text, /^oliver_queue_jobs\{state="failed"\} 0$/m);
    assert.match(text, /^oliver_queue_wait_seconds_count 1$/m);
    const queued = Number(/^oliver_queue_wait_seconds_sum (\S+)$/m.exec(text)?.[1]);
    assert.ok(queued >= 1.9 && queued <= waited, `waited ${queued} s in the queue, between 2 s and ${waited} s`);
    assert.match(text, /^oliver_queue_wait_seconds_bucket\{le="1"\} 0$/m);
    assert.match(text, /^oliver_queue_wait_seconds_bucket\{le="\+Inf"\} 1$/m);
    assert.equal((await fetch(`${metricsUrl}/health/live`)).status, 200);
    const ready = await fetch(`${metricsUrl}/health/ready`);
    assert.equal(ready.status, 200);
    const report = (await ready.json()) as { status: string; info: Record<string, { status: string }> };
    assert.equal(report.status, 'ok');
    assert.deepEqual(Object.keys(report.info).sort(), ['database', 'disk', 'ffmpeg', 'redis']);
    assert.equal((await fetch(`${metricsUrl}/client/1/process`)).status, 404);
  });

  test("/health/ready answers 503 and names Redis when the worker's Redis is away", async () => {
    const port = await freePort();
    const lonely = await startService({ role: 'worker', env: { ...db.env, WORKER_METRICS_PORT: String(port), REDIS_URL: `redis://127.0.0.1:${await freePort()}` }, storageDir, queuePrefix });
    try {
      const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
      assert.equal(ready.status, 503);
      const report = (await ready.json()) as { status: string; error: Record<string, { status: string }> };
      assert.equal(report.error.redis.status, 'down');
      assert.equal((await fetch(`http://127.0.0.1:${port}/health/live`)).status, 200);
    } finally {
      await lonely.stop();
    }
  });
});
