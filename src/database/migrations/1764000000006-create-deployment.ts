import { randomUUID } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The identity of the deployment: one random id, made once with the
 * database. Every job carries it, so a worker can tell a job of another
 * deployment that shares its Redis and QUEUE_PREFIX from its own.
 */
export class CreateDeployment1764000000006 implements MigrationInterface {
  name = 'CreateDeployment1764000000006';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE deployment (id varchar(36) PRIMARY KEY NOT NULL)');
    // A UUID, so safe to write into the statement; parameter markers differ between the two databases.
    await runner.query(`INSERT INTO deployment (id) VALUES ('${randomUUID()}')`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE deployment');
  }
}
