import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every stored result says which version of the analysis made it
 * (src/analysis/version.ts). Results stored before this column existed were
 * made by version 1.
 */
export class ResultAnalysisVersion1764000000005 implements MigrationInterface {
  name = 'ResultAnalysisVersion1764000000005';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE process_results ADD COLUMN analysis_version integer NOT NULL DEFAULT 1');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE process_results DROP COLUMN analysis_version');
  }
}
