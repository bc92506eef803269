import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Per client, how many days audio and results are kept after a call
 * settles; null keeps the service's default (AUDIO_RETENTION_DAYS for
 * audio, results forever).
 */
export class ClientRetention1764000000012 implements MigrationInterface {
  name = 'ClientRetention1764000000012';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE clients ADD COLUMN audio_retention_days integer');
    await runner.query('ALTER TABLE clients ADD COLUMN result_retention_days integer');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE clients DROP COLUMN result_retention_days');
    await runner.query('ALTER TABLE clients DROP COLUMN audio_retention_days');
  }
}
