import { randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The key that signs links a browser may open without a token (the
 * timeline's), made once with the database: 32 random bytes, hex. Every API
 * node reads the same row, so a link signed by one node verifies on another.
 * LINK_SIGNING_SECRET, when set, is used instead.
 */
export class CreateLinkSigningKey1764000000008 implements MigrationInterface {
  name = 'CreateLinkSigningKey1764000000008';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE link_signing_key (secret varchar(64) PRIMARY KEY NOT NULL)');
    // Hex digits only, so safe to write into the statement; parameter markers differ between the two databases.
    await runner.query(`INSERT INTO link_signing_key (secret) VALUES ('${randomBytes(32).toString('hex')}')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE link_signing_key');
  }
}
