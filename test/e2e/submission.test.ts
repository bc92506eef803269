import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { audioFixtures } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const CALL = {
  channels: 2,
  calldirection: 1,
  agentId: 'agent-042',
  agentTeam: 'retention',
  customerId: 'cust-9001',
  campaignId: 'spring',
  calltime: '05/14/2026 09:30:00',
  timezone: 2,
  tag: 'vip, renewal',
  meta: '{"crm":"A-17"}',
  tasks: '[{"name":"diarization"}]',
};

for (const kind of DATABASE_KINDS) {
  describe(`submission to results on ${kind}`, () => {
    let db: TestDatabase;
    let service: RunningService;
    let client: OliverClient;

    before(async () => {
      db = await createTestDatabase(kind);
      // The production default: every upload and its rename flushed to the disk before the 200.
      service = await startService({ env: { ...db.env, STORAGE_FSYNC: 'true' } });
      client = await OliverClient.register(service);
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
    });

    for (const audio of audioFixtures()) {
      test(`${audio.name}: 200 with the new process, then status 2 with its duration`, async () => {
        const submitted = await client.submitFile(audio.path, { ...CALL, channels: audio.channels });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const process = submitted.body;
        assert.equal(process.status, 0);
        assert.equal(process.statusmsg, 'Pending');
        assert.equal(process.duration, 0);
        assert.equal(process.pid, process.id);
        assert.equal(process.cid, client.cid);
        assert.equal(process.mode, 2);
        assert.equal(process.source, basename(audio.path));
        assert.equal(process.channels, audio.channels);
        assert.equal(process.calldirection, 1);
        assert.equal(process.agentId, 'agent-042');
        assert.equal(process.calltime, '2026-05-14T09:30:00+02:00');
        assert.deepEqual(process.tag, ['vip', 'renewal']);
        assert.equal(process.tasks, '[{"name":"diarization"}]');
        assert.ok(!Number.isNaN(Date.parse(process.datetime)));
        assert.ok(!Object.values(process).includes(null), 'keys never set are left out, not null');
        assert.ok(!('ANI' in process), 'a parameter not sent is not echoed');

        const done = await client.settle(process.pid);
        assert.equal(done.status, 2, done.statusmsg);
        assert.equal(done.statusmsg, 'Processing Complete');
        assert.ok(Math.abs(done.duration - audio.seconds) < 0.06, `duration ${done.duration} should be ${audio.seconds}`);

        const result = await client.result(process.pid);
        assert.equal(result.status, 200);
        assert.ok(Math.abs(result.body.basic.totalduration - audio.seconds) < 0.06);
      });
    }

    test('the stored file is hashed and kept under the storage folder', async () => {
      const rows = await sql<{ audio_sha256: string; audio_path: string; audio_bytes: number | string }>(db, 'SELECT audio_sha256, audio_path, audio_bytes FROM processes');
      assert.equal(rows.length, audioFixtures().length);
      for (const row of rows) {
        assert.match(row.audio_sha256, /^[0-9a-f]{64}$/);
        assert.ok(Number(row.audio_bytes) > 0);
        assert.ok(!row.audio_path.startsWith('/'), 'paths are relative to the storage folder');
      }
      assert.deepEqual(await service.store.keys('.incoming/'), []);
      assert.equal((await service.store.keys()).length, audioFixtures().length);
      for (const row of rows) assert.ok(await service.store.exists(row.audio_path), "a row's path is its key in the store");
    });

    test('the list is newest first, filtered, paged, with X-Total-Count', async () => {
      const all = await client.list();
      assert.equal(all.status, 200);
      assert.equal(all.headers.get('x-total-count'), String(audioFixtures().length));
      const pids = all.body.map((p: { pid: number }) => p.pid);
      assert.deepEqual(pids, [...pids].sort((a, b) => b - a));

      const page = await client.list({ pageSize: 2, page: 1 });
      assert.deepEqual(page.body.map((p: { pid: number }) => p.pid), pids.slice(2, 4));
      assert.equal(page.headers.get('x-total-count'), String(pids.length));

      assert.equal((await client.list({ status: 2, agentId: 'agent-042' })).body.length, pids.length);
      const none = await client.list({ agentId: 'someone-else' });
      assert.deepEqual(none.body, []);
      assert.equal(none.headers.get('x-total-count'), '0');
      assert.equal((await client.list({ from: '2999-01-01T00:00:00Z' })).body.length, 0);
      assert.equal((await client.list({ to: '2999-01-01' })).body.length, pids.length);
    });

    test("another client's process is not found under one's own cid; a missing one is 404", async () => {
      const [first] = (await client.list()).body;
      const stranger = await OliverClient.register(service, 'Someone else');
      const hidden = await stranger.process(first.pid);
      assert.equal(hidden.status, 404);
      assert.deepEqual(hidden.body, { code: 404, message: `Process with pid ${first.pid} not found` });
      assert.equal((await stranger.list()).body.length, 0);
      assert.equal((await client.process(999999)).status, 404);
      assert.equal((await client.result(999999)).status, 404);
    });
  });
}
