import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { CLI } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, TestDatabase } from '../support/databases';

/** Runs the admin command line as an administrator does; returns what it printed and its exit code. */
const run = (env: Record<string, string>, ...args: string[]) => {
  const done = spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 });
  return { status: done.status, stdout: done.stdout, stderr: done.stderr };
};

/** A stack line or a path of the service's own files. */
const INSIDES = /^\s+at |\/dist\/|node_modules|\.js:\d+/m;

for (const kind of DATABASE_KINDS) {
  describe(`the admin command line fails in one line, on ${kind}`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
    });
    after(async () => {
      await db?.drop();
    });

    test('an unknown client: one line, exit 1, no stack', () => {
      for (const command of [['client', 'disable', '--cid', '99'], ['client', 'rotate-token', '--cid', '99']]) {
        const done = run(db.env, ...command);
        assert.equal(done.status, 1);
        assert.equal(done.stdout, '');
        assert.equal(done.stderr, 'Error: No client with cid 99 (run with --debug for details)\n');
      }
    });

    test('--debug or LOG_LEVEL=debug adds the stack', () => {
      for (const done of [run(db.env, 'client', 'disable', '--cid', '99', '--debug'), run(db.env, '--debug', 'client', 'disable', '--cid', '99'), run({ ...db.env, LOG_LEVEL: 'debug' }, 'client', 'disable', '--cid', '99')]) {
        assert.equal(done.status, 1);
        assert.match(done.stderr, /^Error: No client with cid 99\n\s+at /);
      }
    });
  });
}

describe('the admin command line without its database or settings', () => {
  test('a database that cannot be reached: one line naming it, exit 1, no framework log', () => {
    const done = run({ DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, 'client', 'list');
    assert.equal(done.status, 1);
    assert.equal(done.stderr.trim().split('\n').length, 1, done.stderr);
    assert.match(done.stderr, /^Error: connect ECONNREFUSED 127\.0\.0\.1:1 \(run with --debug for details\)\n$/);
    assert.doesNotMatch(done.stderr, INSIDES);
  });

  test('bad settings: every one named, on one line', () => {
    const done = run({ SQLITE_PATH: '/nonexistent/oliver.sqlite', MAX_CALL_SECONDS: 'abc', PORT: 'x' }, 'client', 'list');
    assert.equal(done.status, 1);
    assert.equal(done.stderr.trim().split('\n').length, 1, done.stderr);
    assert.match(done.stderr, /^Error: Invalid configuration: PORT="x": .* · MAX_CALL_SECONDS="abc": /);
    assert.doesNotMatch(done.stderr, INSIDES);
  });

  test('a bad argument: commander\'s one line, exit 1', () => {
    const done = run({ SQLITE_PATH: '/nonexistent/oliver.sqlite' }, 'client', 'disable', '--cid', 'x');
    assert.equal(done.status, 1);
    assert.equal(done.stderr, "error: option '--cid <cid>' argument 'x' is invalid. cid must be a positive integer\n");
  });
});
