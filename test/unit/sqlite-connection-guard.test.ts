import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DataSource } from 'typeorm';
import { SqliteConnectionGuard } from '../../src/database/sqlite-connection-guard';

/** A connection whose ROLLBACK always fails, as one that cannot write its rollback any more. */
class StuckConnection {
  inTransaction = true;
  closed = false;
  exec(sql: string): void {
    throw new Error(`disk I/O error (${sql})`);
  }
  close(): void {
    this.closed = true;
    this.inTransaction = false;
  }
}

test('a transaction that even a second ROLLBACK cannot end: the connection is reopened and the runner starts afresh', async () => {
  const stuck = new StuckConnection();
  const fresh = { inTransaction: false, exec: () => undefined, close: () => undefined };
  const runner = {
    isTransactionActive: true,
    transactionDepth: 1,
    stmtCache: new Map([['UPDATE processes …', {}]]),
    rollbackTransaction: () => Promise.reject(new Error('disk I/O error')),
  };
  const driver = { databaseConnection: stuck as unknown, createDatabaseConnection: async () => fresh, createQueryRunner: () => runner };
  new SqliteConnectionGuard({ options: { type: 'better-sqlite3' }, driver } as unknown as DataSource).onModuleInit();

  await runner.rollbackTransaction();

  assert.equal(driver.databaseConnection, fresh);
  assert.equal(stuck.closed, true);
  assert.equal(runner.stmtCache.size, 0, 'no statement prepared on the old connection is used again');
  assert.equal(runner.isTransactionActive, false);
  assert.equal(runner.transactionDepth, 0);
});
