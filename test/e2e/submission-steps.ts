import assert from 'node:assert/strict';
import { openAsBlob, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli, OliverClient, query } from '../support/api';
import { createTestDatabase, DatabaseKind, holdWrites, sql, TestDatabase, WriteLock } from '../support/databases';
import { fixture } from '../support/fixtures';
import { PrivatePostgres } from '../support/postgres-server';
import { PrivateRedis } from '../support/redis-server';
import { RenameTrap } from '../support/rename-trap';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };
const UNAVAILABLE = { code: 503, message: 'The service is not available at the moment. Please try again later.' };
/** How long the trapped thread is held after moving the upload: the time a test has to break something. */
const HOLD_MS = 3000;

/**
 * A submission goes: receive the upload, list its stored path as unrecorded,
 * move it into the store, commit the row with its key and pid (taking the
 * path off the list), queue the job, answer. Each test stops it at one of
 * those steps with SIGKILL or an outage, then retries with the same
 * Idempotency-Key; the last one checks that every call completes and that
 * no recording stays without its row. The kills and the outages of each
 * database are files of their own, as each takes a minute or two.
 */
export function describeSubmissionSteps(kind: DatabaseKind, stops: 'kills' | 'outages'): void {
  describe(`a submission ${stops === 'kills' ? 'killed' : 'cut off by an outage'} at each step, on ${kind}`, () => {
    const storageDir = tempDir('audio');
    const queuePrefix = uniquePrefix();
    let postgres: PrivatePostgres | undefined;
    let db: TestDatabase;
    let redis: PrivateRedis;
    let cid: number;
    let token: string;
    let api: RunningService | undefined;

    before(async () => {
      redis = await PrivateRedis.start();
      if (kind === 'postgres') {
        postgres = await PrivatePostgres.start();
        db = { kind, env: { DATABASE_URL: postgres.url }, drop: async () => undefined };
      } else {
        db = await createTestDatabase(kind);
      }
      [{ cid, token }] = await cli(db.env, 'client', 'create', '--name', 'Crash test');
    });
    after(async () => {
      await api?.stop('SIGKILL');
      redis?.resume();
      await redis?.stop();
      await postgres?.remove();
      await db?.drop();
      rmSync(storageDir, { recursive: true, force: true });
    });

    const startApi = async (env: Record<string, string> = {}) =>
      (api = await startService({ role: 'api', env: { ...db.env, REDIS_URL: redis.url, ...env }, storageDir, queuePrefix }));

    async function stopApi(signal: NodeJS.Signals = 'SIGTERM') {
      await api?.stop(signal);
      api = undefined;
    }

    /** SIGKILL to the API; its tracer is ended with it, or the kernel keeps the dead API's exit until a hold is over. */
    async function killApi(trap: RenameTrap) {
      await Promise.all([stopApi('SIGKILL'), trap.detach()]);
    }

    async function submit(key: string): Promise<{ status: number; body: any }> {
      const form = new FormData();
      form.append('file', await openAsBlob(fixture('pcm.wav').path), 'call.wav');
      const response = await fetch(`${api!.url}/client/${cid}/process/audio?${query(CALL)}`, {
        method: 'POST',
        body: form,
        headers: { 'X-Auth-Token': token, 'Idempotency-Key': key },
      });
      return { status: response.status, body: await response.json() };
    }

    /** Recordings in the store (not unfinished uploads), relative to it. */
    const stored = () =>
      readdirSync(storageDir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => relative(storageDir, join(e.parentPath, e.name)))
        .filter((path) => !path.startsWith('.incoming') && !path.startsWith('downloads'))
        .sort();
    const rows = () => sql<{ pid: number; audio_path: string; status: number }>(db, 'SELECT pid, audio_path, status FROM processes ORDER BY pid');
    const keyOf = async (key: string) => (await sql<{ pid: number }>(db, 'SELECT pid FROM idempotency_keys WHERE key = ?', [key])).map((r) => Number(r.pid));
    const listed = async () => (await sql<{ path: string }>(db, 'SELECT path FROM unrecorded_audio')).map((r) => r.path);
    const newFiles = (before: string[]) => stored().filter((path) => !before.includes(path));

    /** A fresh API answers the same key at once with a process (not a 409 after waiting for a claim that died). */
    async function retriedOnNewApi(key: string): Promise<number> {
      await startApi();
      const started = Date.now();
      const again = await submit(key);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.ok(Date.now() - started < 5000, `answered in ${Date.now() - started} ms`);
      await stopApi();
      return again.body.pid;
    }

    /** Waits until the API is stuck on the lock in the step that commits the row. */
    async function blockedOn(lock: WriteLock): Promise<void> {
      if (lock.hasWaiters) return waitFor(() => lock.hasWaiters!(), 15_000);
      // SQLite waits for its lock inside a synchronous call: the API stops answering anything.
      await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
      await waitFor(async () => {
        try {
          await fetch(`${api!.url}/health/live`, { signal: AbortSignal.timeout(1000) });
          return false;
        } catch {
          return true;
        }
      }, 15_000);
    }

    if (stops === 'kills') {
      test('killed as it moves the upload into the store: no row, no key; the same key is accepted at once', async () => {
        const filesBefore = stored();
        const rowsBefore = (await rows()).length;
        await startApi();
        const trap = await RenameTrap.attach(api!.pid, 'kill-before');
        const answer = submit('kill-before-keep').catch(() => undefined);
        await trap.reached();
        await killApi(trap);
        assert.equal(await answer, undefined, 'no answer from a killed API');
        assert.deepEqual(newFiles(filesBefore), []);
        assert.equal((await rows()).length, rowsBefore);
        assert.deepEqual(await keyOf('kill-before-keep'), []);

        await retriedOnNewApi('kill-before-keep');
      });

      test('killed once the recording is in the store, before its row: the file is listed as unrecorded; the same key is accepted at once', async () => {
        const filesBefore = stored();
        const rowsBefore = (await rows()).length;
        await startApi();
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', 10 * HOLD_MS);
        const answer = submit('kill-after-keep').catch(() => undefined);
        await trap.reached();
        await killApi(trap);
        await answer;
        const orphans = newFiles(filesBefore);
        assert.equal(orphans.length, 1, 'the recording was moved into the store');
        assert.equal((await rows()).length, rowsBefore, 'no row records it');
        assert.ok((await listed()).includes(orphans[0]), 'the recording is listed as unrecorded, for the sweep');

        const pid = await retriedOnNewApi('kill-after-keep');
        assert.deepEqual(await keyOf('kill-after-keep'), [pid]);
      });

      test('killed in the middle of the transaction that records it: nothing of it is committed; the same key is accepted at once', async () => {
        const rowsBefore = (await rows()).length;
        await startApi();
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', HOLD_MS);
        const answer = submit('kill-in-commit').catch(() => undefined);
        await trap.reached();
        const lock = await holdWrites(db);
        try {
          await blockedOn(lock);
          await killApi(trap);
        } finally {
          await lock.release();
        }
        await answer;
        assert.equal((await rows()).length, rowsBefore);
        assert.deepEqual(await keyOf('kill-in-commit'), [], 'no claim without its process');

        await retriedOnNewApi('kill-in-commit');
      });

      test('killed after the commit, before the job is queued: the same key returns that process, which the reconciler queues', async () => {
        const rowsBefore = (await rows()).length;
        await startApi({ QUEUE_TIMEOUT_MS: '60000' });
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', HOLD_MS);
        const answer = submit('kill-before-enqueue').catch(() => undefined);
        await trap.reached();
        redis.pause();
        try {
          await waitFor(async () => (await rows()).length > rowsBefore, 15_000);
          await killApi(trap);
        } finally {
          redis.resume();
        }
        await answer;
        const committed = (await rows()).at(-1)!;
        assert.deepEqual(await keyOf('kill-before-enqueue'), [Number(committed.pid)], 'the key was committed with its pid');

        assert.equal(await retriedOnNewApi('kill-before-enqueue'), Number(committed.pid));
      });
    } else {
      test('the database unavailable as the row is committed: 503, no row, no key; the same key is accepted once it is back', async () => {
        const filesBefore = stored();
        const rowsBefore = (await rows()).length;
        await startApi();
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', HOLD_MS);
        const answer = submit('database-down-at-commit');
        await trap.reached();
        let refused;
        if (postgres) {
          await postgres.stop();
          refused = await answer;
          await postgres.start();
        } else {
          // Held past busy_timeout (5 s): the commit, then the clean-up, give up.
          const lock = await holdWrites(db);
          try {
            refused = await answer;
          } finally {
            await lock.release();
          }
        }
        await trap.detach();
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.deepEqual(refused.body, UNAVAILABLE);
        assert.equal((await rows()).length, rowsBefore);
        assert.deepEqual(await keyOf('database-down-at-commit'), []);
        for (const file of newFiles(filesBefore)) assert.ok((await listed()).includes(file), `${file} is removed now or listed for the sweep`);

        await waitFor(async () => (await fetch(`${api!.url}/health/ready`)).status === 200, 20_000);
        const again = await submit('database-down-at-commit');
        assert.equal(again.status, 200, JSON.stringify(again.body));
        await stopApi();
      });

      test('Redis unavailable as the job is queued: 503 and nothing stays (no row, key or file); the same key is accepted once it is back', async () => {
        const filesBefore = stored();
        const rowsBefore = (await rows()).length;
        await startApi();
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', HOLD_MS);
        const answer = submit('redis-down-at-enqueue');
        await trap.reached();
        await redis.stop();
        const refused = await answer;
        await trap.detach();
        assert.equal(refused.status, 503, JSON.stringify(refused.body));
        assert.deepEqual(refused.body, UNAVAILABLE);
        assert.equal((await rows()).length, rowsBefore);
        assert.deepEqual(await keyOf('redis-down-at-enqueue'), []);
        assert.deepEqual(newFiles(filesBefore), []);

        await redis.start();
        await waitFor(async () => (await fetch(`${api!.url}/health/ready`)).status === 200, 20_000);
        const again = await submit('redis-down-at-enqueue');
        assert.equal(again.status, 200, JSON.stringify(again.body));
        await stopApi();
      });

      test('Redis silent and then the database lost before the refusal is taken back: 200, as the call is stored, and it completes', async () => {
        const rowsBefore = (await rows()).length;
        await startApi({ QUEUE_TIMEOUT_MS: '5000' });
        const trap = await RenameTrap.attach(api!.pid, 'hold-after', HOLD_MS);
        const answer = submit('redis-silent-database-lost');
        await trap.reached();
        redis.pause();
        let accepted;
        try {
          // Committed; the job waits for Redis, which will not answer within QUEUE_TIMEOUT_MS.
          await waitFor(async () => (await rows()).length > rowsBefore, 15_000);
          if (postgres) {
            await postgres.stop();
            accepted = await answer;
            await postgres.start();
          } else {
            const lock = await holdWrites(db);
            try {
              accepted = await answer;
            } finally {
              await lock.release();
            }
          }
        } finally {
          redis.resume();
        }
        await trap.detach();
        assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
        const committed = (await rows()).at(-1)!;
        assert.equal(accepted.body.pid, Number(committed.pid));
        assert.deepEqual(await keyOf('redis-silent-database-lost'), [accepted.body.pid]);
        // The log line reaches this process through a pipe, which may be read after the answer.
        await waitFor(() => /without its job, which the reconciler will queue/.test(api!.logs()), 10_000).catch(() => assert.fail(`no log line of the accepted call without its job:\n${api!.logs().slice(-4000)}`));
        await stopApi();
      });
    }

    test('afterwards every accepted call completes, once per key, and no recording stays without its row', async () => {
      // REQUEST_TIMEOUT_MS of 1 s: a recording stays unrecorded at most 1 s + 60 s while its request lives.
      const env = { ...db.env, REDIS_URL: redis.url, REQUEST_TIMEOUT_MS: '1000', RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_MS: '0' };
      const service = await startService({ role: 'all', env, storageDir, queuePrefix });
      try {
        const client = new OliverClient(service.url, cid, token);
        for (const { pid } of await rows()) {
          const done = await client.settle(Number(pid), 30_000, () => service.logs());
          assert.equal(done.status, 2, done.statusmsg);
        }
        // As if their requests had started 2 minutes ago (the sweep's age is tested in leftover-files).
        await sql(db, 'UPDATE unrecorded_audio SET since = since - 120000 WHERE since > 0');
        await waitFor(async () => (await listed()).length === 0, 15_000);
        assert.match(service.logs(), /Removed \d+ stored recording\(s\) whose request stopped or was refused before its row was committed/);

        const recorded = await rows();
        assert.deepEqual(stored(), recorded.map((r) => r.audio_path).sort(), 'each recording in the store has its row, and each row its recording');
        const keys = await sql<{ key: string; pid: number }>(db, 'SELECT key, pid FROM idempotency_keys ORDER BY pid');
        assert.equal(keys.length, stops === 'kills' ? 4 : 3);
        assert.deepEqual(keys.map((k) => Number(k.pid)), recorded.map((r) => Number(r.pid)), 'one process per key, and none without');
        assert.deepEqual(readdirSync(join(storageDir, '.incoming'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()), []);
      } finally {
        await service.stop();
      }
    });
  });
}
