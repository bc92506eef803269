import { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key of submissions: one per client and key, pointing at the process it made. */
export class CreateIdempotencyKeys1764000000002 implements MigrationInterface {
  name = 'CreateIdempotencyKeys1764000000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE idempotency_keys (
      cid bigint NOT NULL,
      key varchar(255) NOT NULL,
      fingerprint varchar(64) NOT NULL,
      pid bigint,
      created_at bigint NOT NULL,
      PRIMARY KEY (cid, key)
    )`);
    await runner.query('CREATE INDEX idx_idempotency_keys_created_at ON idempotency_keys (created_at)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE idempotency_keys');
  }
}
