import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { longFlacCall, realTimeFfmpeg } from '../support/fixtures';
import { PrivatePostgres } from '../support/postgres-server';
import { RunningService, startService, waitFor } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };
const ATTEMPTS = 2;
const BACKOFF_MS = 200;
/** Longer than the attempts and their backoff many times over. */
const OUTAGE_MS = 20_000;

/**
 * Only the call's own faults spend its attempts: a database outage longer
 * than all of them and their backoff, which strikes as the worker writes
 * the result, holds the job until the database is back, then it completes.
 * (SQLite's outage, a full disk, is in sqlite-disk-full.test.ts: a locked
 * SQLite file blocks the writer for its busy timeout instead of failing.)
 */
describe('a PostgreSQL outage while a call is processed does not spend its attempts', () => {
  let postgres: PrivatePostgres;
  let service: RunningService;
  let client: OliverClient;

  before(async () => {
    postgres = await PrivatePostgres.start();
    service = await startService({
      env: {
        DATABASE_URL: postgres.url,
        FFMPEG_PATH: realTimeFfmpeg(),
        JOB_ATTEMPTS: String(ATTEMPTS),
        JOB_BACKOFF_MS: String(BACKOFF_MS),
        // The reconciler runs often, as it would abort a job Bull had failed for good.
        RECONCILE_INTERVAL_MS: '1000',
        RECONCILE_GRACE_MS: '1000',
      },
    });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await postgres?.remove();
  });

  test('the call waits out the outage and completes at 2', async () => {
    const submitted = await client.submitFile(longFlacCall(8), CALL);
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const pid = submitted.body.pid as number;
    await waitFor(async () => (await client.process(pid)).body.status === 1, 20_000);
    await postgres.stop();
    await sleep(OUTAGE_MS);
    await postgres.start();
    const done = await client.settle(pid, 60_000, () => service.logs());
    assert.equal(done.status, 2, done.statusmsg);
    assert.equal((await client.result(pid)).status, 200);
    assert.match(service.logs(), new RegExp(`Process ${pid} held up by an outage, trying again in \\d+ ms without spending an attempt`));
  });
});
