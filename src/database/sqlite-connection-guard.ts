import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** The parts of better-sqlite3's Database the guard uses. */
interface SqliteConnection {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
  close(): unknown;
}

/** The parts of TypeORM's better-sqlite3 driver and its one shared query runner the guard uses. */
interface SqliteDriver {
  databaseConnection: SqliteConnection;
  createDatabaseConnection(): Promise<SqliteConnection>;
  createQueryRunner(mode: 'master'): SqliteQueryRunner;
}
interface SqliteQueryRunner {
  isTransactionActive: boolean;
  transactionDepth: number;
  stmtCache: Map<string, unknown>;
  rollbackTransaction(): Promise<void>;
}

/**
 * Keeps the one SQLite connection out of a transaction nobody can end.
 *
 * SQLite rolls a transaction back by itself when a statement fails with
 * SQLITE_FULL, SQLITE_IOERR, SQLITE_BUSY or SQLITE_NOMEM ("Response To
 * Errors Within A Transaction", https://sqlite.org/lang_transaction.html).
 * TypeORM's ROLLBACK then fails ("no transaction is active") and leaves its
 * shared query runner believing a transaction is open: every later
 * transaction becomes a SAVEPOINT that opens a real transaction which is
 * never committed, so this process's writes are never seen, and the write
 * lock it keeps makes every other process's write "database is locked".
 *
 * After every rollback, the connection's own state is checked: a
 * transaction still open is rolled back, and if that fails too the
 * connection is closed (which rolls it back) and opened anew; the runner's
 * bookkeeping is then reset to "no transaction". PostgreSQL needs none of
 * this: each transaction has a pooled connection of its own.
 */
@Injectable()
export class SqliteConnectionGuard implements OnModuleInit {
  private readonly logger = new Logger(SqliteConnectionGuard.name);

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    if (this.dataSource.options.type !== 'better-sqlite3') return;
    const driver = this.dataSource.driver as unknown as SqliteDriver;
    const runner = driver.createQueryRunner('master');
    const rollback = runner.rollbackTransaction.bind(runner);
    runner.rollbackTransaction = async () => {
      let failure: unknown;
      try {
        await rollback();
      } catch (error) {
        failure = error;
      }
      if (failure === undefined && runner.isTransactionActive === driver.databaseConnection.inTransaction) return;
      await this.endTransaction(driver, runner);
      if (failure !== undefined) this.logger.warn(`Rollback failed (${(failure as Error).message}); the database connection is out of any transaction again`);
    };
  }

  private async endTransaction(driver: SqliteDriver, runner: SqliteQueryRunner): Promise<void> {
    try {
      if (driver.databaseConnection.inTransaction) driver.databaseConnection.exec('ROLLBACK');
    } catch (error) {
      this.logger.warn(`Reopening the database connection: ROLLBACK failed (${(error as Error).message})`);
    }
    if (driver.databaseConnection.inTransaction) {
      // The new connection first, so no query meets a closed one; closing the old one rolls its transaction
      // back, and the runner's prepared statements belong to it.
      const stuck = driver.databaseConnection;
      driver.databaseConnection = await driver.createDatabaseConnection();
      runner.stmtCache.clear();
      try {
        stuck.close();
      } catch (error) {
        this.logger.error(`The stuck database connection could not be closed: ${(error as Error).message}`);
      }
    }
    runner.isTransactionActive = false;
    runner.transactionDepth = 0;
  }
}
