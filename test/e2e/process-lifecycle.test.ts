import assert from 'node:assert/strict';
import { openAsBlob, rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ANALYSIS_VERSION } from '../../src/analysis/version';
import { OliverClient, query } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture, longFlacCall, realTimeFfmpeg } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';

/** Every personal field a submission can carry, with values the tests look for afterwards. */
const PERSONAL = {
  agentId: 'agent-jane-7',
  agentTeam: 'team-north',
  customerId: 'customer-4711',
  customerInd: 'customer-ind-99',
  name: 'John Q Public',
  ANI: '+15551230987',
  meta: '{"account":"ACC-555-PRIVATE"}',
  tag: 'vip-private,angry-private',
};
const CALL = { channels: 2, calldirection: 1 };


for (const kind of DATABASE_KINDS) {
  describe(`erase, cancel and reprocess a process (${kind})`, () => {
    // An API node and a worker node, as in production: DELETE and cancel reach the API, the analysis runs on the worker.
    const running = {} as { db: TestDatabase; service: RunningService; worker: RunningService; api: OliverClient };
    before(async () => {
      running.db = await createTestDatabase(kind);
      const shared = { queuePrefix: uniquePrefix(), storageDir: tempDir('audio') };
      running.service = await startService({ role: 'api', env: running.db.env, ...shared });
      // Decoding at real time keeps a long call in analysis long enough to act on it meanwhile.
      running.worker = await startService({ role: 'worker', env: { ...running.db.env, FFMPEG_PATH: realTimeFfmpeg(), CANCEL_CHECK_INTERVAL_MS: '200' }, ...shared });
      running.api = await OliverClient.register(running.service);
    });
    after(async () => {
      await running.worker?.stop();
      await running.service?.stop();
      await running.db?.drop();
      if (running.service) rmSync(running.service.storageDir, { recursive: true, force: true });
    });
    const row = async (pid: number) => (await sql<Record<string, unknown>>(running.db, 'SELECT * FROM processes WHERE pid = ?', [pid]))[0];
    const results = async (pid: number) => (await sql(running.db, 'SELECT pid FROM process_results WHERE pid = ?', [pid])).length;
    const untilProcessing = (pid: number) => waitFor(async () => (await running.api.process(pid)).body.status === 1, 30_000);
    const ended = (pid: number) =>
      waitFor(() => running.worker.logs().includes(`Process ${pid} was cancelled or deleted while it was analysed`), 30_000, () =>
        running.worker.logs().includes(`Process ${pid} complete`) ? `process ${pid} completed although it was withdrawn` : undefined,
      ).catch((error: Error) => {
        throw new Error(`${error.message} waiting for the run of process ${pid} to end; the worker said:\n${running.worker.logs().split('\n').filter((line) => line.includes(`"processPid":${pid}`) || line.includes(`Process ${pid} `)).join('\n')}`);
      });

    /** Asserts that nothing personal of the process is left in the database, its result and its audio file. */
    async function assertErased(pid: number, audioPath: string) {
      const tombstone = await row(pid);
      for (const column of ['agent_id', 'agent_team', 'customer_id', 'customer_ind', 'name', 'ani', 'meta', 'tags', 'audio_path', 'audio_sha256']) {
        assert.equal(tombstone[column], null, `${column} is blank`);
      }
      assert.equal(tombstone.source, '');
      assert.equal(Number(tombstone.status), -2);
      assert.equal(tombstone.statusmsg, 'Deleted');
      assert.ok(Number(tombstone.deleted_at) > 0);
      assert.equal(await results(pid), 0, 'no result row');
      const everything = JSON.stringify(await sql(running.db, 'SELECT * FROM processes WHERE pid = ?', [pid]));
      for (const value of Object.values(PERSONAL).flatMap((v) => v.split(','))) assert.ok(!everything.includes(value), `${value} is gone`);
      assert.equal(await running.service.store.exists(audioPath), false, 'the audio is gone from the store');
      assert.ok(!(await running.service.store.keys()).some((key) => key.endsWith(audioPath)), 'nothing of it is left in the store');
    }

    test('DELETE erases the audio, the result and the personal fields; the pid answers 410 afterwards', async () => {
      const { api } = running;
      const submitted = await api.submitFile(fixture('pcm.wav').path, { ...CALL, ...PERSONAL, campaignId: 'spring' });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      const pid = submitted.body.pid as number;
      assert.equal((await api.settle(pid, 60_000, () => running.worker.logs())).status, 2);
      assert.equal((await api.result(pid)).status, 200);
      const audioPath = (await row(pid)).audio_path as string;
      assert.ok(await running.service.store.exists(audioPath));

      const erased = await api.erase(pid);
      assert.equal(erased.status, 204);
      await assertErased(pid, audioPath);

      for (const answer of [await api.process(pid), await api.result(pid), await api.get(`/client/${api.cid}/process/${pid}/timeline.svg`)]) {
        assert.equal(answer.status, 410);
        assert.deepEqual(answer.body, { code: 410, message: `Process with pid ${pid} was deleted` });
      }
      const listed = await api.list();
      assert.ok(!listed.body.some((p: { pid: number }) => p.pid === pid), 'the list leaves it out');
      assert.equal((await api.list({ agentId: PERSONAL.agentId })).body.length, 0);

      assert.equal((await api.erase(pid)).status, 204, 'a repeated DELETE is no error');
      assert.equal((await api.cancel(pid)).status, 410);
      assert.equal((await api.reprocess(pid)).status, 410);
      assert.equal((await api.erase(999_999_999)).status, 404, 'a pid that never was is 404');

      // The API node that erased it announces process.deleted; its metrics hear of it.
      const metrics = async () => (await fetch(`${running.service.url}/metrics`)).text();
      await waitFor(async () => /^oliver_processes_deleted_total 1$/m.test(await metrics()), 10_000);
      const history = (await (await fetch(`${running.service.url}/client/${api.cid}/process/${pid}/history`, { headers: { 'X-Auth-Token': api.token } })).json()) as { code: number };
      assert.equal(history.code, 410, 'the history goes with the process');
      const [deleted] = await sql<{ type: string; data: string | null }>(running.db, "SELECT type, data FROM process_events WHERE pid = ? AND type = 'process.deleted'", [pid]);
      assert.equal(deleted.data, null, 'the event carries nothing of the call');
    });

    test('DELETE while the call is analysed: the worker stops and writes nothing', async () => {
      const { api } = running;
      const submitted = await api.submitFile(longFlacCall(20), { ...CALL, ...PERSONAL });
      const pid = submitted.body.pid as number;
      await untilProcessing(pid);
      const audioPath = (await row(pid)).audio_path as string;

      assert.equal((await api.erase(pid)).status, 204);
      await ended(pid);
      await assertErased(pid, audioPath);
      assert.equal((await api.process(pid)).status, 410);
    });

    test('another client can neither erase, cancel nor reprocess the process', async () => {
      const { api } = running;
      // Registered first: the command line takes seconds, longer than an idle connection is kept.
      const other = await OliverClient.register(running.service, 'Other client');
      const submitted = await api.submitFile(fixture('pcm.wav').path, { ...CALL, ...PERSONAL });
      const pid = submitted.body.pid as number;
      await api.settle(pid, 60_000);
      const foreign = new OliverClient(api.baseUrl, api.cid, other.token);
      for (const answer of [await foreign.erase(pid), await foreign.cancel(pid), await foreign.reprocess(pid)]) assert.equal(answer.status, 403);
      const ownPath = new OliverClient(api.baseUrl, other.cid, other.token);
      for (const answer of [await ownPath.erase(pid), await ownPath.cancel(pid), await ownPath.reprocess(pid)]) assert.equal(answer.status, 404);
      const still = await api.process(pid);
      assert.equal(still.body.status, 2);
      assert.equal(still.body.agentId, PERSONAL.agentId);
      assert.equal(await results(pid), 1);
    });

    test('cancel ends a processing and a pending call at -2 "Cancelled"; the worker writes nothing', async () => {
      const { api } = running;
      const first = (await api.submitFile(longFlacCall(20), CALL)).body.pid as number;
      await untilProcessing(first);
      // One worker, busy with the first: the second waits.
      const second = (await api.submitFile(fixture('pcm.wav').path, CALL)).body.pid as number;
      const pending = await api.cancel(second);
      assert.equal(pending.status, 200, JSON.stringify(pending.body));
      assert.equal(pending.body.status, -2);
      assert.equal(pending.body.statusmsg, 'Cancelled');

      const processing = await api.cancel(first);
      assert.equal(processing.status, 200);
      assert.deepEqual([processing.body.status, processing.body.statusmsg], [-2, 'Cancelled']);
      await ended(first);
      for (const pid of [first, second]) {
        const stored = await row(pid);
        assert.deepEqual([Number(stored.status), stored.statusmsg], [-2, 'Cancelled']);
        assert.equal(await results(pid), 0);
        const result = await api.result(pid);
        assert.equal(result.status, 409);
        assert.equal(result.body.message, `Cannot send results for Process with pid ${pid}. The reason is: Cancelled`);
      }
      assert.equal((await api.cancel(first)).status, 200, 'cancelling again is no error');

      const done = (await api.submitFile(fixture('pcm.wav').path, CALL)).body.pid as number;
      assert.equal((await api.settle(done, 60_000)).status, 2);
      const late = await api.cancel(done);
      assert.equal(late.status, 409);
      assert.equal(late.body.message, `Process with pid ${done} cannot be cancelled: it is already completed`);
      assert.equal((await row(second)).statusmsg, 'Cancelled', 'the withdrawn job never ran');
    });

    test('reprocess queues a settled call again; its old result stays readable until the new one replaces it', async () => {
      const { api } = running;
      const pid = (await api.submitFile(longFlacCall(8), CALL)).body.pid as number;
      assert.equal((await api.settle(pid, 60_000, () => running.worker.logs())).status, 2);
      const first = (await api.result(pid)).body;
      assert.equal(first.analysisVersion, ANALYSIS_VERSION);
      // As an older analysis would have left it.
      await sql(running.db, 'UPDATE process_results SET analysis_version = 1 WHERE pid = ?', [pid]);

      const again = await api.reprocess(pid);
      assert.equal(again.status, 200, JSON.stringify(again.body));
      assert.deepEqual([again.body.status, again.body.statusmsg], [0, 'Pending']);
      const meanwhile = await api.result(pid);
      assert.equal(meanwhile.status, 200);
      assert.equal(meanwhile.body.analysisVersion, 1, 'the old result until the new one is written');
      const busy = await api.reprocess(pid);
      assert.equal(busy.status, 409);
      assert.match(busy.body.message, new RegExp(`^Process with pid ${pid} cannot be analysed again: it is still (processing|waiting to be processed)$`));

      assert.equal((await api.settle(pid, 60_000, () => running.worker.logs())).status, 2);
      const replaced = await api.result(pid);
      assert.equal(replaced.body.analysisVersion, ANALYSIS_VERSION);
      assert.deepEqual(replaced.body.basic, first.basic);
      assert.equal(await results(pid), 1);
      assert.equal(Number((await row(pid)).runs), 2, 'two analyses ran');

      // Without its audio (the retention removed it) there is nothing to analyse.
      await sql(running.db, 'UPDATE processes SET audio_path = NULL WHERE pid = ?', [pid]);
      const gone = await api.reprocess(pid);
      assert.equal(gone.status, 409);
      assert.equal(gone.body.message, `Process with pid ${pid} cannot be analysed again: its audio is no longer kept`);
    });

    test('a repeated submission with the Idempotency-Key of an erased process answers 410', async () => {
      const { api, service } = running;
      const submit = async () => {
        const form = new FormData();
        form.append('file', await openAsBlob(fixture('pcm.wav').path), 'call.wav');
        const response = await fetch(`${service.url}/client/${api.cid}/process/audio?${query({ ...CALL, ...PERSONAL })}`, {
          method: 'POST',
          body: form,
          headers: { 'X-Auth-Token': api.token, 'Idempotency-Key': 'erased-call-1' },
        });
        return { status: response.status, body: (await response.json()) as { pid: number; message: string } };
      };
      const first = await submit();
      assert.equal(first.status, 200);
      assert.equal((await api.erase(first.body.pid)).status, 204);
      const retried = await submit();
      assert.equal(retried.status, 410);
      assert.equal(retried.body.message, `Process with pid ${first.body.pid} was deleted`);
    });
  });
}
