import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type Row = Record<string, unknown>;

/** One SQL statement with `:name` parameters. */
export interface Statement {
  sql: string;
  parameters?: Record<string, unknown>;
  /** How many rows it must return (RETURNING); any other count undoes the whole transaction. */
  rows?: number;
}

/** A statement, or one built from the rows the earlier statements of the transaction returned. */
export type Step = Statement | ((earlier: Row[][]) => Statement);

/** A statement returned other than the rows it had to: the transaction was rolled back and nothing of it stays. */
export class Undone extends Error {
  constructor(
    /** The index of the statement that fell short. */
    readonly step: number,
    returned: number,
  ) {
    super(`Statement ${step} returned ${returned} row(s) where another count was required; the transaction was undone`);
  }
}

/** How long a write waits for a transaction another caller holds open on the one SQLite connection. */
const SQLITE_WAIT_MS = 5000;

/**
 * Runs several statements as one transaction: all of them are committed, or
 * none. On PostgreSQL it takes a connection of the pool to itself. On SQLite
 * every caller shares one connection, so a transaction left open across an
 * `await` would take in whatever another request ran meanwhile (and lose it
 * in a rollback); the statements are therefore run in one synchronous call
 * (better-sqlite3), which nothing else in the process can interleave with.
 */
@Injectable()
export class AtomicWrites {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Returns the rows of each statement, in order. Throws Undone when a
   * statement returned other than its `rows`, or the database's error; either
   * way nothing was written.
   */
  run(steps: Step[]): Promise<Row[][]> {
    return this.dataSource.options.type === 'better-sqlite3' ? this.onSqlite(steps) : this.dataSource.transaction((manager) => this.onPool(manager, steps));
  }

  private async onPool(manager: EntityManager, steps: Step[]): Promise<Row[][]> {
    const results: Row[][] = [];
    for (const step of steps) {
      const statement = typeof step === 'function' ? step(results) : step;
      const { records } = await manager.queryRunner!.query(...this.prepare(statement), true);
      results.push(checked(statement, results.length, records as Row[]));
    }
    return results;
  }

  private async onSqlite(steps: Step[]): Promise<Row[][]> {
    const db = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    // A transaction the ORM opened (it spans awaits) must end first, or ours would become part of it.
    const deadline = Date.now() + SQLITE_WAIT_MS;
    while (db.inTransaction) {
      if (Date.now() > deadline) throw new Error('The database connection stayed inside another transaction');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const run = db.transaction(() => {
      const results: Row[][] = [];
      for (const step of steps) {
        const statement = typeof step === 'function' ? step(results) : step;
        const [sql, parameters] = this.prepare(statement);
        const prepared = db.prepare(sql);
        const records = prepared.reader ? prepared.all(...parameters) : (prepared.run(...parameters), []);
        results.push(checked(statement, results.length, records));
      }
      return results;
    });
    // IMMEDIATE takes the write lock at once: another process sharing the file makes us wait (busy_timeout), never fail halfway.
    return run.immediate();
  }

  /** The SQL with the driver's own placeholders ($1 or ?) and the values in their order. */
  private prepare({ sql, parameters }: Statement): [string, unknown[]] {
    return this.dataSource.driver.escapeQueryWithParameters(sql, parameters ?? {});
  }
}

function checked(statement: Statement, index: number, records: Row[]): Row[] {
  if (statement.rows !== undefined && records.length !== statement.rows) throw new Undone(index, records.length);
  return records;
}

/** The part of better-sqlite3's connection used here (the package ships no types). */
interface SqliteConnection {
  readonly inTransaction: boolean;
  prepare(sql: string): { readonly reader: boolean; all(...parameters: unknown[]): Row[]; run(...parameters: unknown[]): unknown };
  transaction<T>(work: () => T): { immediate(): T };
}
