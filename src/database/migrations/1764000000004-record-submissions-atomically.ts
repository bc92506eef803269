import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A submission's key, row and pid are now written in one transaction, so a
 * key always names its process: the claims that requests killed mid-way left
 * without a pid are released, and pid becomes required. Recordings moved into
 * the store before their row is committed are listed in `unrecorded_audio`
 * until that commit, so those of a request that died can be found and removed.
 */
export class RecordSubmissionsAtomically1764000000004 implements MigrationInterface {
  name = 'RecordSubmissionsAtomically1764000000004';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DELETE FROM idempotency_keys WHERE pid IS NULL');
    await requirePid(runner, true);
    await runner.query(`CREATE TABLE unrecorded_audio (
      path varchar(512) NOT NULL PRIMARY KEY,
      since bigint NOT NULL
    )`);
    await runner.query('CREATE INDEX idx_unrecorded_audio_since ON unrecorded_audio (since)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE unrecorded_audio');
    await requirePid(runner, false);
  }
}

async function requirePid(runner: QueryRunner, required: boolean): Promise<void> {
  if (runner.connection.options.type === 'postgres') {
    await runner.query(`ALTER TABLE idempotency_keys ALTER COLUMN pid ${required ? 'SET' : 'DROP'} NOT NULL`);
    return;
  }
  // SQLite cannot change a column's NOT NULL: the table is rebuilt.
  await runner.query(`CREATE TABLE idempotency_keys_new (
    cid bigint NOT NULL,
    key varchar(255) NOT NULL,
    fingerprint varchar(64) NOT NULL,
    pid bigint${required ? ' NOT NULL' : ''},
    created_at bigint NOT NULL,
    PRIMARY KEY (cid, key)
  )`);
  await runner.query('INSERT INTO idempotency_keys_new SELECT cid, key, fingerprint, pid, created_at FROM idempotency_keys');
  await runner.query('DROP TABLE idempotency_keys');
  await runner.query('ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys');
  await runner.query('CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at)');
}
