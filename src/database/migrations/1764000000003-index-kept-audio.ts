import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audio retention walks the calls whose audio is still on disk, oldest
 * first. Once their audio is removed rows leave this index, so a pass reads
 * only what it may remove, however many years of calls the table holds.
 */
export class IndexKeptAudio1764000000003 implements MigrationInterface {
  name = 'IndexKeptAudio1764000000003';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE INDEX idx_processes_kept_audio ON processes (updated_at, pid) WHERE audio_path IS NOT NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX idx_processes_kept_audio');
  }
}
