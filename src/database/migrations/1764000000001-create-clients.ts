import { MigrationInterface, QueryRunner } from 'typeorm';
import { autoIncrementKey } from './auto-increment-key';

/** Clients and their hashed tokens. */
export class CreateClients1764000000001 implements MigrationInterface {
  name = 'CreateClients1764000000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE clients (
      cid ${autoIncrementKey(runner)},
      name varchar(256) NOT NULL,
      token_hash varchar(64) NOT NULL,
      created_at bigint NOT NULL,
      disabled_at bigint
    )`);
    await runner.query('CREATE UNIQUE INDEX idx_clients_token_hash ON clients (token_hash)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE clients');
  }
}
