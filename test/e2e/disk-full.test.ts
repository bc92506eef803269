import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { fixture, longCall } from '../support/fixtures';
import { RunningService, startService, tempDir } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };
const ROOM = 1024 * 1024;

describe('the storage disk is full', () => {
  const storageDir = tempDir('full-disk');
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  const files = () => readdirSync(storageDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());

  before(async () => {
    // A file system with room for 1 MiB: a real ENOSPC, not a simulated one.
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${ROOM}`, 'oliver-test-full-disk', storageDir]);
    db = await createTestDatabase('sqlite');
    service = await startService({ env: db.env, storageDir });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
    execFileSync('umount', [storageDir]);
    rmSync(storageDir, { recursive: true, force: true });
  });

  test('an upload larger than the room left: 507 that says so, no partial file, no row', async () => {
    const big = longCall(120);
    assert.ok(statSync(big).size > ROOM);
    const response = await client.submitFile(big, CALL);
    assert.equal(response.status, 507, JSON.stringify(response.body));
    assert.deepEqual(response.body, { code: 507, message: 'The server has no room to store this upload. Please try again later.' });
    assert.ok(Number(response.headers.get('retry-after')) > 0);
    assert.deepEqual(files().map((f) => f.name), []);
    assert.equal((await sql(db, 'SELECT pid FROM processes')).length, 0);
  });

  test('the room the refused upload took is given back: a call that fits is accepted and completes', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, CALL);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal((await client.settle(response.body.pid)).status, 2);
    assert.equal(files().length, 1);
  });
});
