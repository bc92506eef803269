import { DataSource } from 'typeorm';
import { validateEnvironment } from '../../src/config/environment';
import { dataSourceOptions } from '../../src/database/data-source-options';
import type { TestDatabase } from './databases';

/**
 * Takes the database's schema back to before the named migration: undoes the
 * latest migrations, newest first, until that one is undone too. Tests of a
 * migration use it so that migrations added later do not change what they undo.
 */
export async function undoMigrationsThrough(db: TestDatabase, name: string): Promise<void> {
  const dataSource = new DataSource({ ...dataSourceOptions(validateEnvironment(db.env)), migrationsRun: false });
  await dataSource.initialize();
  try {
    const applied = async () => ((await dataSource.query('SELECT name FROM migrations')) as { name: string }[]).map((m) => m.name);
    if (!(await applied()).includes(name)) throw new Error(`Migration ${name} has not run`);
    while ((await applied()).includes(name)) await dataSource.undoLastMigration();
  } finally {
    await dataSource.destroy();
  }
}
