import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import type { Environment } from '../../src/config/environment';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { SqliteConnectionGuard } from '../../src/database/sqlite-connection-guard';
import { SmallDisk } from '../support/small-disk';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Database = require('better-sqlite3');

/**
 * The service's own SQLite set-up (WAL, busy timeout, migrations) through
 * TypeORM's shared connection, on a disk that fills up: transactions that
 * fail with SQLITE_FULL, then room again. Another connection stands for
 * the other process (the API beside a worker).
 */
describe('the shared SQLite connection after transactions fail on a full disk', () => {
  const disk = new SmallDisk(2 * 1024 * 1024, 'sqlite-guard');
  const path = join(disk.root, 'oliver.sqlite');
  let dataSource: DataSource;

  before(async () => {
    dataSource = new DataSource(dataSourceOptions({ SQLITE_PATH: path } as Environment));
    await dataSource.initialize();
    new SqliteConnectionGuard(dataSource).onModuleInit();
    await dataSource.query('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    for (let i = 0; i < 20; i++) await dataSource.query('INSERT INTO notes (body) VALUES (?)', ['x'.repeat(1000)]);
  });
  after(async () => {
    await dataSource?.destroy();
    disk.remove();
  });

  test('each failed transaction leaves the connection outside any transaction', async () => {
    disk.fill();
    for (let i = 0; i < 3; i++) {
      await assert.rejects(
        dataSource.transaction(async (manager) => {
          await manager.query('UPDATE notes SET body = ? WHERE id < 20', [`${'y'.repeat(5000)}${i}`]);
          await manager.query('INSERT INTO notes (body) VALUES (?)', ['z'.repeat(200_000)]);
        }),
        /database or disk is full/,
      );
      const connection = (dataSource.driver as unknown as { databaseConnection: { inTransaction: boolean } }).databaseConnection;
      assert.equal(connection.inTransaction, false, `after failure ${i + 1}`);
    }
    disk.free();
  });

  test('once room returns, its writes are committed: another connection sees them and can write itself', async () => {
    await dataSource.transaction((manager) => manager.query("INSERT INTO notes (body) VALUES ('after')"));
    const other = new Database(path, { timeout: 1000 });
    try {
      assert.equal(other.prepare("SELECT count(*) AS n FROM notes WHERE body = 'after'").get().n, 1);
      other.prepare("INSERT INTO notes (body) VALUES ('from the other process')").run();
    } finally {
      other.close();
    }
    assert.equal((await dataSource.query("SELECT count(*) AS n FROM notes WHERE body = 'from the other process'"))[0].n, 1);
  });
});
