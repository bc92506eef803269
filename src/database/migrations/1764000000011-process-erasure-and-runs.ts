import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Erasure, re-analysis and cancel:
 * - `deleted_at` marks an erased process: its row stays as a tombstone,
 *   without its personal fields, so its pid answers 410 afterwards;
 * - `runs` counts the analyses started on a process; a worker writes only
 *   while the count is still the one it started with, so a run that was
 *   cancelled, erased or replaced by a re-analysis writes nothing;
 * - `result_removed_at` says when the client's result retention removed
 *   the result.
 */
export class ProcessErasureAndRuns1764000000011 implements MigrationInterface {
  name = 'ProcessErasureAndRuns1764000000011';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE processes ADD COLUMN deleted_at bigint');
    await runner.query('ALTER TABLE processes ADD COLUMN runs integer NOT NULL DEFAULT 0');
    await runner.query('ALTER TABLE processes ADD COLUMN result_removed_at bigint');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE processes DROP COLUMN result_removed_at');
    await runner.query('ALTER TABLE processes DROP COLUMN runs');
    await runner.query('ALTER TABLE processes DROP COLUMN deleted_at');
  }
}
