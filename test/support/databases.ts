import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export type DatabaseKind = 'sqlite' | 'postgres';
export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'postgres'];

/** The PostgreSQL server the tests make their throwaway databases on. */
export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  /** The variables that point the service at it. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database of either kind; nothing is shared between tests. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'oliver-db-'));
    return { kind, env: { SQLITE_PATH: join(dir, 'oliver.sqlite') }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const name = `oliver_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    kind,
    env: { DATABASE_URL: url.toString() },
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one SQL statement against the service's database, for tests that look behind the API. */
export async function sql<T = Record<string, unknown>>(db: TestDatabase, text: string, params: unknown[] = []): Promise<T[]> {
  if (db.kind === 'postgres') {
    const client = new Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    try {
      let placeholder = 0;
      return (await client.query(text.replace(/\?/g, () => `$${++placeholder}`), params)).rows as T[];
    } finally {
      await client.end();
    }
  }
  // Loaded only by the tests that look behind the API; the package ships no types.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const conn = new Database(db.env.SQLITE_PATH);
  try {
    const statement = conn.prepare(text);
    return statement.reader ? (statement.all(...params) as T[]) : (statement.run(...params), []);
  } finally {
    conn.close();
  }
}

/** A transaction of another program that holds the database's write lock until release(). */
export interface WriteLock {
  release(): Promise<void>;
  /** Whether another session now waits for this lock; PostgreSQL only (SQLite does not show it). */
  hasWaiters?(): Promise<boolean>;
}

/**
 * Takes the write lock from outside the service: on PostgreSQL the
 * `processes` table (inserts into it wait), on SQLite the whole file (every
 * write waits, then fails after busy_timeout).
 */
export async function holdWrites(db: TestDatabase): Promise<WriteLock> {
  if (db.kind === 'postgres') {
    const client = new Client({ connectionString: db.env.DATABASE_URL });
    await client.connect();
    await client.query('BEGIN');
    await client.query('LOCK TABLE processes IN EXCLUSIVE MODE');
    return {
      release: async () => {
        await client.query('ROLLBACK');
        await client.end();
      },
      hasWaiters: async () =>
        (await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND pid <> pg_backend_pid()")).rows[0].n > 0,
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Database = require('better-sqlite3');
  const conn = new Database(db.env.SQLITE_PATH);
  conn.exec('BEGIN IMMEDIATE');
  return {
    release: async () => {
      conn.exec('ROLLBACK');
      conn.close();
    },
  };
}
