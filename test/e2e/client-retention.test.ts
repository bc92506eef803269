import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { cli, OliverClient } from '../support/api';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { fixture } from '../support/fixtures';
import { waitFor } from '../support/service';

const DAY_MS = 24 * 3600 * 1000;
const CALL = { channels: 2, calldirection: 1 };

for (const kind of DATABASE_KINDS) {
  describe(`a client's own retention of audio and results (${kind})`, () => {
    const running = serviceOn(kind, { AUDIO_RETENTION_INTERVAL_MS: '1000' });

    test('removes the audio and the results of that client only, after its own number of days', async () => {
      const { api: keeper, service, db } = running;
      const strict = await OliverClient.register(service, 'Strict client');
      const [set] = await cli(service.env, 'client', 'retention', '--cid', String(strict.cid), '--audio-days', '1', '--result-days', '2');
      assert.deepEqual([set.audioRetentionDays, set.resultRetentionDays], [1, 2]);
      const own = await strict.get(`/client/${strict.cid}`);
      assert.deepEqual([own.body.audioRetentionDays, own.body.resultRetentionDays], [1, 2]);

      const pids = new Map<OliverClient, number>();
      for (const client of [strict, keeper]) {
        const submitted = await client.submitFile(fixture('pcm.wav').path, CALL);
        assert.equal((await client.settle(submitted.body.pid, 60_000)).status, 2);
        pids.set(client, submitted.body.pid);
      }
      const files = new Map<number, string>();
      for (const pid of pids.values()) {
        const [row] = await sql<{ audio_path: string }>(db, 'SELECT audio_path FROM processes WHERE pid = ?', [pid]);
        files.set(pid, join(service.storageDir, row.audio_path));
      }
      const threeDaysAgo = Date.now() - 3 * DAY_MS;
      await sql(db, 'UPDATE processes SET updated_at = ?, completed_at = ?', [threeDaysAgo, threeDaysAgo]);

      const strictPid = pids.get(strict)!;
      await waitFor(() => service.logs().includes(`Removed the results of 1 call(s) of client ${strict.cid} completed more than 2 day(s) ago`), 15_000);
      await waitFor(() => service.logs().includes(`Removed the audio of 1 call(s) of client ${strict.cid} settled more than 1 day(s) ago`), 15_000);

      assert.equal(existsSync(files.get(strictPid)!), false);
      const [strictRow] = await sql<{ audio_path: string | null; result_removed_at: unknown }>(db, 'SELECT audio_path, result_removed_at FROM processes WHERE pid = ?', [strictPid]);
      assert.equal(strictRow.audio_path, null);
      assert.ok(Number(strictRow.result_removed_at) > 0);
      assert.equal((await sql(db, 'SELECT pid FROM process_results WHERE pid = ?', [strictPid])).length, 0);
      assert.equal((await strict.process(strictPid)).body.status, 2, 'the process stays');
      const result = await strict.result(strictPid);
      assert.equal(result.status, 410);
      assert.equal(result.body.message, `Cannot send results for Process with pid ${strictPid}. The reason is: The result was removed after the client's retention period`);

      const keptPid = pids.get(keeper)!;
      assert.ok(existsSync(files.get(keptPid)!), 'a client without its own retention keeps its audio (AUDIO_RETENTION_DAYS is 0)');
      assert.equal((await keeper.result(keptPid)).status, 200);
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      assert.match(metrics, /^oliver_results_removed_total 1$/m);

      const [reset] = await cli(service.env, 'client', 'retention', '--cid', String(strict.cid), '--audio-days', 'default', '--result-days', '0');
      assert.equal('audioRetentionDays' in reset, false);
      assert.equal(reset.resultRetentionDays, 0);
    });
  });
}
