import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { SQLITE_BUSY_TIMEOUT_MS } from '../database/data-source-options';

/** Below this many free bytes on its file system, SQLite cannot append to its write-ahead log: the database is full. */
const SQLITE_MIN_FREE_BYTES = 1024 ** 2;
/** How long the SQLite write lock may stay taken by another connection before the database counts as locked. */
const WRITE_LOCK_WAIT_MS = 500;
const WRITE_LOCK_TRIES = 5;

interface SqliteConnection {
  readonly inTransaction: boolean;
  exec(sql: string): unknown;
  pragma(sql: string): unknown;
}

/**
 * Whether the database can take writes now, which a `SELECT 1` does not
 * tell: a SQLite file on a full disk, or locked by a connection stuck in a
 * transaction, still answers reads while every write fails.
 */
@Injectable()
export class DatabaseHealth {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  /** Why the database cannot take writes, in words for an operator (no paths), or undefined when it can. */
  async problem(): Promise<string | undefined> {
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      return 'The database does not answer';
    }
    if (this.dataSource.options.type !== 'better-sqlite3' || this.env.SQLITE_PATH === ':memory:') return undefined;
    const disk = await statfs(dirname(this.env.SQLITE_PATH));
    if (disk.bavail * disk.bsize < SQLITE_MIN_FREE_BYTES) return 'The disk that holds the database is full';
    if (!(await this.canTakeWriteLock())) return 'The database is locked for writing by another connection';
    return undefined;
  }

  /**
   * Tries to take SQLite's write lock (BEGIN IMMEDIATE, at once released)
   * without waiting, a few times over WRITE_LOCK_WAIT_MS: a write in
   * progress elsewhere holds it for milliseconds, a stuck transaction for ever.
   */
  private async canTakeWriteLock(): Promise<boolean> {
    const connection = (this.dataSource.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
    for (let tried = 0; tried < WRITE_LOCK_TRIES; tried++) {
      // A transaction of this process is open between two awaits: it has the lock or will wait for it.
      if (connection.inTransaction) return true;
      connection.pragma('busy_timeout = 0');
      let taken = false;
      try {
        connection.exec('BEGIN IMMEDIATE');
        taken = true;
      } catch {
        // SQLITE_BUSY: another connection holds it; try again shortly.
      } finally {
        connection.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      }
      if (taken) {
        connection.exec('ROLLBACK');
        return true;
      }
      await sleep(WRITE_LOCK_WAIT_MS / WRITE_LOCK_TRIES);
    }
    return false;
  }
}
