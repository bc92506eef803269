import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `timezone` keeps the minutes of an offset (India +05:30, Nepal +05:45):
 * the column holds the offset in minutes instead of whole hours. Offsets
 * stored before were whole hours and keep their value (2 h becomes 120 min).
 */
export class TimezoneMinutes1764000000007 implements MigrationInterface {
  name = 'TimezoneMinutes1764000000007';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('ALTER TABLE processes RENAME COLUMN timezone TO timezone_minutes');
    await runner.query('UPDATE processes SET timezone_minutes = timezone_minutes * 60 WHERE timezone_minutes IS NOT NULL');
  }

  /** Back to whole hours: an offset with minutes loses them (rounded toward zero). */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('UPDATE processes SET timezone_minutes = CAST(timezone_minutes / 60 AS INTEGER) WHERE timezone_minutes IS NOT NULL');
    await runner.query('ALTER TABLE processes RENAME COLUMN timezone_minutes TO timezone');
  }
}
