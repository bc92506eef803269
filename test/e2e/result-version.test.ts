import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { ANALYSIS_VERSION } from '../../src/analysis/version';
import { OliverClient } from '../support/api';
import { buildKeypadCall } from '../support/keypad';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { undoMigrationsThrough } from '../support/migrations';
import { RunningService, startService, tempDir } from '../support/service';

const file = buildKeypadCall().files['mulaw.wav'];

for (const kind of DATABASE_KINDS) {
  describe(`the analysis version of stored results (${kind})`, () => {
    let db: TestDatabase;
    let service: RunningService | undefined;
    const storageDir = tempDir('audio');
    before(async () => {
      db = await createTestDatabase(kind);
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
      rmSync(storageDir, { recursive: true, force: true });
    });

    test('a result stored before versions were kept reads as version 1 after the migration, without the keypad tones it never listened for', async () => {
      service = await startService({ env: db.env, storageDir });
      const client = await OliverClient.register(service);
      const submitted = await client.submitFile(file, { channels: 2, calldirection: 1 });
      assert.equal((await client.settle(submitted.body.pid, 60_000)).status, 2);
      const current = (await client.result(submitted.body.pid)).body;
      assert.equal(current.analysisVersion, ANALYSIS_VERSION);
      await service.stop();
      service = undefined;

      // Back to the schema before the version column, with a result as the old analysis stored it.
      await undoMigrationsThrough(db, 'ResultAnalysisVersion1764000000005');
      const [row] = await sql<{ body: string }>(db, 'SELECT body FROM process_results WHERE pid = ?', [submitted.body.pid]);
      const old = JSON.parse(row.body);
      for (const role of Object.values<Record<string, unknown>>(old.analytics.roles)) delete role.dtmf;
      await sql(db, 'UPDATE process_results SET body = ? WHERE pid = ?', [JSON.stringify(old), submitted.body.pid]);
      assert.ok(!(await sql(db, 'SELECT * FROM process_results')).some((r) => 'analysis_version' in r), 'the column is gone');

      service = await startService({ env: db.env, storageDir });
      const migrated = await new OliverClient(service.url, client.cid, client.token).result(submitted.body.pid);
      assert.equal(migrated.status, 200);
      assert.equal(migrated.body.analysisVersion, 1);
      assert.ok(!('dtmf' in migrated.body.analytics.roles.customer), 'left out, not 0');
      assert.deepEqual(migrated.body.basic, current.basic);
    });
  });
}
