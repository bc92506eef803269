import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { call, OliverClient } from '../support/api';
import { fixture, longFlacCall, realTimeFfmpeg } from '../support/fixtures';
import { RunningService, startService, uniquePrefix, waitFor } from '../support/service';
import { SmallDisk } from '../support/small-disk';

const CALL = { channels: 2, calldirection: 1 };
const ROOM = 8 * 1024 * 1024;

/**
 * The SQLite file and the audio share one small disk, with the API and a
 * worker in processes of their own (as deployed). The disk fills while the
 * worker writes results: /status and /health/ready say the database cannot
 * take writes; once room returns, without a restart, submissions are
 * accepted again and every call completes, those caught by the full disk
 * included (the outage spends none of their attempts).
 */
describe('the disk holding the SQLite database fills up, then room returns', () => {
  const disk = new SmallDisk(ROOM, 'sqlite-full');
  const env = {
    SQLITE_PATH: join(disk.root, 'db', 'oliver.sqlite'),
    MIN_FREE_DISK_BYTES: String(1024 * 1024),
    JOB_ATTEMPTS: '2',
    JOB_BACKOFF_MS: '200',
    RECONCILE_INTERVAL_MS: '1000',
    RECONCILE_GRACE_MS: '1000',
  };
  let api: RunningService;
  let worker: RunningService;
  let client: OliverClient;
  const caught: number[] = [];

  before(async () => {
    mkdirSync(join(disk.root, 'audio'));
    const shared = { storageDir: join(disk.root, 'audio'), queuePrefix: uniquePrefix() };
    api = await startService({ role: 'api', env, ...shared });
    worker = await startService({ role: 'worker', env: { ...env, FFMPEG_PATH: realTimeFfmpeg() }, ...shared });
    client = await OliverClient.register(api);
  });
  after(async () => {
    await worker?.stop();
    await api?.stop();
    disk.remove();
  });

  test('with room, a call completes and /status is ok', async () => {
    const submitted = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    assert.equal((await client.settle(submitted.body.pid, 30_000)).status, 2);
    assert.equal((await call(`${api.url}/status`)).status, 200);
  });

  test('with the disk full as results are written: /status and /health/ready say the database cannot take writes; nothing is accepted', async () => {
    for (let i = 0; i < 2; i++) {
      const submitted = await client.submitFile(longFlacCall(5), CALL);
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      caught.push(submitted.body.pid);
    }
    await waitFor(async () => (await client.process(caught[0])).body.status === 1, 20_000);
    disk.fill();
    // The first call's analysis ends and its result meets the full disk.
    await sleep(8000);
    const status = await call(`${api.url}/status`);
    assert.equal(status.status, 503, JSON.stringify(status.body));
    assert.equal(status.body.checks.database, 'down');
    const ready = await call(`${api.url}/health/ready`);
    assert.equal(ready.status, 503);
    assert.equal(ready.body.error.database.status, 'down');
    assert.equal(ready.body.error.database.message, 'The disk that holds the database is full');
    const refused = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.ok(refused.status === 503 || refused.status === 507, JSON.stringify(refused.body));
  });

  test('room returns: without a restart, /status is ok, submissions are accepted, and every call completes at 2', async () => {
    disk.free();
    await waitFor(async () => (await call(`${api.url}/status`)).status === 200, 20_000);
    assert.equal((await call(`${api.url}/health/ready`)).body.info.database.status, 'up');
    const submitted = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    for (const pid of [...caught, submitted.body.pid]) {
      const done = await client.settle(pid, 60_000, () => worker.logs());
      assert.equal(done.status, 2, `process ${pid}: ${done.statusmsg}`);
      assert.equal((await client.result(pid)).status, 200);
    }
    assert.match(worker.logs(), /held up by an outage, trying again in \d+ ms without spending an attempt/);
  });
});
