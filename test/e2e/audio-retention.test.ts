import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { freePort } from '../support/ports';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

const DAY_MS = 24 * 3600 * 1000;
/** Old calls beyond the first two: more than one batch of the retention's walk. */
const MANY = 1100;
/** Keeps the reconciler away from the backdated unsettled process. */
const NO_RECONCILING = { RECONCILE_GRACE_MS: String(100 * 365 * DAY_MS) };

for (const kind of DATABASE_KINDS) {
  describe(`audio retention on ${kind}`, () => {
    const queuePrefix = uniquePrefix();
    const storageDir = tempDir('audio');
    let db: TestDatabase;
    let api: RunningService;
    let worker: RunningService | undefined;
    let client: OliverClient;

    before(async () => {
      db = await createTestDatabase(kind);
      api = await startService({ role: 'api', env: db.env, queuePrefix, storageDir });
      client = await OliverClient.register(api);
    });
    after(async () => {
      await worker?.stop();
      await api?.stop();
      await db?.drop();
    });

    const audioOf = async (pid: number) => (await sql<{ audio_path: string | null }>(db, 'SELECT audio_path FROM processes WHERE pid = ?', [pid]))[0].audio_path;

    test('removes the audio of calls settled longer ago than AUDIO_RETENTION_DAYS, keeps their results, and nothing else', async () => {
      worker = await startService({ role: 'worker', env: db.env, queuePrefix, storageDir });
      const pids: number[] = [];
      for (let i = 0; i < 4; i++) {
        const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
        assert.equal(submitted.status, 200);
        pids.push(submitted.body.pid);
      }
      for (const pid of pids) assert.equal((await client.settle(pid, 30_000, () => worker!.logs())).status, 2);
      await worker.stop();

      const [oldCompleted, oldAborted, recentCompleted, oldUnsettled] = pids;
      const twoDaysAgo = Date.now() - 2 * DAY_MS;
      await sql(db, 'UPDATE processes SET updated_at = ? WHERE pid = ?', [twoDaysAgo, oldCompleted]);
      await sql(db, "UPDATE processes SET status = -2, statusmsg = 'Aborted by a test', updated_at = ? WHERE pid = ?", [twoDaysAgo, oldAborted]);
      await sql(db, "UPDATE processes SET status = -1, statusmsg = 'Waiting for a retry', updated_at = ? WHERE pid = ?", [twoDaysAgo - DAY_MS, oldUnsettled]);
      // More than one batch of old calls settled in the same millisecond, whose files are already gone.
      await sql(
        db,
        `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${MANY})
         INSERT INTO processes (cid, status, statusmsg, duration, created_at, updated_at, mode, source, channels, call_direction, agent_channel, audio_path)
         SELECT cid, 2, statusmsg, duration, created_at, ?, mode, source, channels, call_direction, agent_channel, 'gone/' || n.i || '.wav'
         FROM processes, n WHERE pid = ?`,
        [twoDaysAgo, oldCompleted],
      );
      const files = new Map<number, string>();
      for (const pid of pids) files.set(pid, (await audioOf(pid))!);
      for (const file of files.values()) assert.ok(await api.store.exists(file));
      const resultBefore = (await client.result(oldCompleted)).body;

      const metricsPort = await freePort();
      worker = await startService({
        role: 'worker',
        env: { ...db.env, ...NO_RECONCILING, AUDIO_RETENTION_DAYS: '1', AUDIO_RETENTION_INTERVAL_MS: '1000', WORKER_METRICS_PORT: String(metricsPort) },
        queuePrefix,
        storageDir,
      });
      // Each removal is its own transaction (with its outbox event): on a loaded machine PostgreSQL takes tens of seconds for all of them.
      await waitFor(() => new RegExp(`Removed the audio of ${MANY + 2} call\\(s\\) settled more than 1 day\\(s\\) ago`).test(worker!.logs()), 60_000);

      for (const pid of [oldCompleted, oldAborted]) {
        assert.equal(await api.store.exists(files.get(pid)!), false, `the audio of ${pid} is removed`);
        assert.equal(await audioOf(pid), null);
      }
      assert.deepEqual(await sql(db, "SELECT pid FROM processes WHERE audio_path LIKE 'gone/%'"), []);
      for (const pid of [recentCompleted, oldUnsettled]) {
        assert.ok(await api.store.exists(files.get(pid)!), `the audio of ${pid} is kept`);
        assert.notEqual(await audioOf(pid), null);
      }
      const kept = await client.result(oldCompleted);
      assert.equal(kept.status, 200);
      // The timeline link is signed afresh, with a later expiry, on every read.
      const measured = (result: { links?: unknown }) => ({ ...result, links: undefined });
      assert.deepEqual(measured(kept.body), measured(resultBefore), 'the results stay');
      assert.equal((await client.process(oldCompleted)).body.status, 2);

      // Later passes find nothing more to remove.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      assert.equal(worker.logs().match(/Removed the audio of/g)?.length, 1);
      const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
      assert.match(metrics, new RegExp(`^oliver_audio_files_removed_total ${MANY + 2}$`, 'm'));
    });
  });
}
