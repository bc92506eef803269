import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import type { Environment } from '../../src/config/environment';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { DatabaseHealth } from '../../src/status/database-health';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3');

/** What /status and /health/ready report for SQLite: reads answering is not enough, writes must be possible. */
describe('whether a SQLite database can take writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'oliver-db-health-'));
  const env = { SQLITE_PATH: join(dir, 'oliver.sqlite') } as Environment;
  let dataSource: DataSource;
  let health: DatabaseHealth;

  before(async () => {
    dataSource = new DataSource(dataSourceOptions(env));
    await dataSource.initialize();
    health = new DatabaseHealth(dataSource, env);
  });
  after(async () => {
    await dataSource?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  test('free: no problem', async () => {
    assert.equal(await health.problem(), undefined);
  });

  test('another connection stuck in a write transaction: locked for writing, though reads still answer', async () => {
    const other = new Database(env.SQLITE_PATH);
    other.exec('BEGIN IMMEDIATE');
    try {
      assert.deepEqual(await dataSource.query('SELECT 1 AS one'), [{ one: 1 }]);
      assert.equal(await health.problem(), 'The database is locked for writing by another connection');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    assert.equal(await health.problem(), undefined);
  });
});
