import assert from 'node:assert/strict';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { AMR_CALL } from '../support/recordings';
import { PrivateS3 } from '../support/s3-server';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';
import { storeAt } from '../support/store-under-test';

const CALL = { channels: 2, calldirection: 1 };
const UNAVAILABLE = { code: 503, message: 'The service is not available at the moment. Please try again later.' };

describe('the audio store on an S3-compatible server that goes away', () => {
  let s3: PrivateS3;
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  before(async () => {
    s3 = await PrivateS3.start();
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, ...s3.env('calls') } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
    await s3?.close();
  });

  test('/health/ready checks the bucket: up while it answers, 503 naming the store (and no host) while it does not', async () => {
    const up = await fetch(`${service.url}/health/ready`);
    const upBody = (await up.json()) as any;
    assert.equal(up.status, 200, JSON.stringify(upBody));
    assert.equal(upBody.info.storage.status, 'up');
    await s3.stop();
    try {
      const down = await fetch(`${service.url}/health/ready`);
      const text = await down.text();
      assert.equal(down.status, 503);
      assert.equal(JSON.parse(text).error.storage.status, 'down');
      assert.doesNotMatch(text, /127\.0\.0\.1|localhost|S3RVER/);
    } finally {
      await s3.start();
    }
  });

  test('an upload while the store is away gets the contract 503 and leaves no row; once back, calls are accepted and processed', async () => {
    await s3.stop();
    try {
      const refused = await client.submitFile(fixture('pcm.wav').path, CALL);
      assert.equal(refused.status, 503, JSON.stringify(refused.body));
      assert.deepEqual(refused.body, UNAVAILABLE);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
    } finally {
      await s3.start();
    }
    assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 0);
    assert.deepEqual(await s3.keys('calls/'), [], 'nothing is left in the bucket');
    const accepted = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(accepted.status, 200);
    assert.equal((await client.settle(accepted.body.pid, 30_000, () => service.logs())).status, 2);
    const [row] = await sql<{ audio_path: string }>(db, 'SELECT audio_path FROM processes WHERE pid = ?', [accepted.body.pid]);
    assert.deepEqual(await s3.keys('calls/'), [`calls/${row.audio_path}`], "the row's path is the object's key under the prefix");
  });

  test('an upload that only ffprobe reads (AMR) is copied from the bucket for the check, and the copies are removed', async () => {
    const submitted = await client.submitFile(AMR_CALL, { channels: 1, calldirection: 1 });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal((await client.settle(submitted.body.pid, 30_000, () => service.logs())).status, 2);
    assert.deepEqual(readdirSync(join(service.storageDir, 'materialised')), [], 'no copy is left in the work folder');
  });

  test('a worker that cannot read the store waits it out without spending an attempt, then completes the call', async () => {
    const worker = await startService({ role: 'worker', env: { ...db.env, ...s3.env('calls') }, queuePrefix: uniquePrefix() });
    const api = await startService({ role: 'api', env: { ...db.env, ...s3.env('calls') }, queuePrefix: worker.env.QUEUE_PREFIX });
    try {
      const apiClient = new OliverClient(api.url, client.cid, client.token);
      process.kill(worker.pid, 'SIGSTOP'); // held, so the job waits in the queue until the store is down
      const submitted = await apiClient.submitFile(fixture('pcm.wav').path, CALL);
      assert.equal(submitted.status, 200);
      await s3.stop();
      process.kill(worker.pid, 'SIGCONT');
      await new Promise((r) => setTimeout(r, 3000));
      assert.match(worker.logs(), /held up by an outage/);
      assert.notEqual((await apiClient.process(submitted.body.pid)).body.status, -2, 'an outage of ours never aborts a call');
      await s3.start();
      assert.equal((await apiClient.settle(submitted.body.pid, 30_000, () => worker.logs())).status, 2);
    } finally {
      await api.stop();
      process.kill(worker.pid, 'SIGCONT');
      await worker.stop();
    }
  });

  test('a call whose recording is gone from the store by the time a worker takes it is aborted at once, saying so', async () => {
    const worker = await startService({ role: 'worker', env: { ...db.env, ...s3.env('calls') }, queuePrefix: uniquePrefix() });
    const api = await startService({ role: 'api', env: { ...db.env, ...s3.env('calls') }, queuePrefix: worker.env.QUEUE_PREFIX });
    try {
      const apiClient = new OliverClient(api.url, client.cid, client.token);
      process.kill(worker.pid, 'SIGSTOP');
      const submitted = await apiClient.submitFile(fixture('pcm.wav').path, CALL);
      assert.equal(submitted.status, 200);
      const [row] = await sql<{ audio_path: string }>(db, 'SELECT audio_path FROM processes WHERE pid = ?', [submitted.body.pid]);
      await s3.delete(`calls/${row.audio_path}`);
      process.kill(worker.pid, 'SIGCONT');
      const settled = await apiClient.settle(submitted.body.pid, 30_000, () => worker.logs());
      assert.equal(settled.status, -2);
      assert.match(settled.statusmsg, /The audio of this call is no longer stored/);
    } finally {
      await api.stop();
      process.kill(worker.pid, 'SIGCONT');
      await worker.stop();
    }
  });
});

describe('moving a disk store to S3 (npm run cli -- storage migrate)', () => {
  let s3: PrivateS3;
  let db: TestDatabase;
  const storageDir = tempDir('audio');
  const queuePrefix = uniquePrefix();

  before(async () => {
    s3 = await PrivateS3.start();
    db = await createTestDatabase('sqlite');
  });
  after(async () => {
    await db?.drop();
    await s3?.close();
  });

  test('copies every recording under its key; a worker on S3 then processes the calls the disk store accepted', async () => {
    const api = await startService({ role: 'api', env: db.env, storageDir, queuePrefix });
    const client = await OliverClient.register(api);
    const pids: number[] = [];
    for (const name of ['pcm.wav', 'call.flac']) {
      const submitted = await client.submitFile(fixture(name).path, CALL);
      assert.equal(submitted.status, 200);
      pids.push(submitted.body.pid);
    }
    await api.stop();
    const onDisk = await (await storeAt(storageDir, 'file')).keys();
    assert.equal(onDisk.length, 2);

    const { STORAGE_URL: to, ...aws } = s3.env('moved');
    const settings: Record<string, string> = { ...db.env, ...aws, STORAGE_DIR: storageDir };
    const first = await cli(settings, 'storage', 'migrate', '--to', to);
    const [pcmBytes, flacBytes] = ['pcm.wav', 'call.flac'].map((name) => statSync(fixture(name).path).size);
    assert.deepEqual(first.at(-1), { copied: 2, skipped: 0, pruned: 0, bytes: pcmBytes + flacBytes });
    assert.deepEqual(await s3.keys('moved/'), onDisk.map((key) => `moved/${key}`));
    const again = await cli(settings, 'storage', 'migrate', '--to', to);
    assert.deepEqual(again.at(-1), { copied: 0, skipped: 2, pruned: 0, bytes: 0 }, 'a second run copies only what is new');

    const workDir = tempDir('work');
    const worker = await startService({ role: 'worker', env: { ...db.env, ...s3.env('moved') }, storageDir: workDir, queuePrefix });
    try {
      const statuses = async () => (await sql<{ status: number }>(db, 'SELECT status FROM processes ORDER BY pid')).map((row) => Number(row.status));
      await waitFor(async () => (await statuses()).every((status) => status === 2 || status === -2), 60_000, () => undefined).catch(() => undefined);
      assert.deepEqual(await statuses(), [2, 2], worker.logs());
    } finally {
      await worker.stop();
      rmSync(workDir, { recursive: true, force: true });
      rmSync(storageDir, { recursive: true, force: true });
    }
  });
});
