import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../src/database/data-source-options';
import { OliverClient, query } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const CALL = { channels: 2, calldirection: 1, agentId: 'agent-7' };

for (const kind of DATABASE_KINDS) {
  describe(`Idempotency-Key on ${kind}`, () => {
    let db: TestDatabase;
    let service: RunningService;
    let client: OliverClient;

    before(async () => {
      db = await createTestDatabase(kind);
      service = await startService({ env: db.env });
      client = await OliverClient.register(service);
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
    });

    async function submit(key: string, file = fixture('pcm.wav').path, params: Record<string, string | number> = CALL) {
      const form = new FormData();
      form.append('file', await openAsBlob(file), 'call.wav');
      const response = await fetch(`${service.url}/client/${client.cid}/process/audio?${query(params)}`, {
        method: 'POST',
        body: form,
        headers: { 'X-Auth-Token': client.token, 'Idempotency-Key': key },
      });
      return { status: response.status, body: (await response.json()) as any };
    }
    const rows = async () => (await sql(db, 'SELECT pid FROM processes WHERE cid = ?', [client.cid])).length;

    test('the same key and request again: 200 with the original process, nothing new stored or queued', async () => {
      const first = await submit('call-A17');
      assert.equal(first.status, 200);
      await client.settle(first.body.pid);
      const again = await submit('call-A17');
      assert.equal(again.status, 200);
      assert.equal(again.body.pid, first.body.pid);
      assert.equal(again.body.status, 2, 'the original process as it is now');
      assert.equal(await rows(), 1);
      assert.equal((await service.store.keys()).length, 1, 'the repeated upload is not kept');
    });

    test('the same key with another file or other parameters: 409 saying so', async () => {
      const otherFile = await submit('call-A17', fixture('call.flac').path);
      assert.equal(otherFile.status, 409);
      assert.match(otherFile.body.message, /Idempotency-Key "call-A17" was already used with a different file or different parameters/);
      const otherParams = await submit('call-A17', fixture('pcm.wav').path, { ...CALL, agentId: 'agent-8' });
      assert.equal(otherParams.status, 409);
      assert.equal(await rows(), 1);
    });

    test('two requests with one key at once make one process', async () => {
      const [a, b] = await Promise.all([submit('concurrent-1'), submit('concurrent-1')]);
      assert.equal(a.status, 200, JSON.stringify(a.body));
      assert.equal(b.status, 200, JSON.stringify(b.body));
      assert.equal(a.body.pid, b.body.pid);
      assert.equal(await rows(), 2);
    });

    test('URL submissions honour the key too; other keys and no key make new processes', async () => {
      const url = 'http://127.0.0.1:9/never-fetched-before-the-answer.wav';
      const headers = { 'X-Auth-Token': client.token, 'Idempotency-Key': 'url-1' };
      const post = () => fetch(`${service.url}/client/${client.cid}/process/url?${query({ ...CALL, url })}`, { method: 'POST', headers }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
      const first = await post();
      const second = await post();
      assert.equal(second.body.pid, first.body.pid);
      const other = await submit('call-B2');
      const none = await client.submitFile(fixture('pcm.wav').path, CALL);
      assert.notEqual(other.body.pid, none.body.pid);
      assert.equal(await rows(), 5);
    });

    test('a key older than 24 hours is forgotten', async () => {
      await sql(db, "UPDATE idempotency_keys SET created_at = created_at - 90000000 WHERE key = 'call-A17'");
      const fresh = await submit('call-A17', fixture('call.flac').path);
      assert.equal(fresh.status, 200);
      assert.equal(await rows(), 6);
    });

    test('a malformed key is a 400 that names the header', async () => {
      const bad = await submit('x'.repeat(300));
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /Idempotency-Key must be 1 to 255 visible ASCII characters/);
    });
  });
}

for (const kind of DATABASE_KINDS) {
  describe(`a ${kind} database upgraded from claims written apart from their process`, () => {
    let db: TestDatabase;
    let service: RunningService | undefined;

    before(async () => {
      db = await createTestDatabase(kind);
      // The schema as it was before keys were written with their process: pid could stay empty.
      const earlier = new DataSource(
        kind === 'postgres'
          ? { type: 'postgres', url: db.env.DATABASE_URL, migrations: MIGRATIONS.slice(0, 4) }
          : { type: 'better-sqlite3', database: db.env.SQLITE_PATH, migrations: MIGRATIONS.slice(0, 4) },
      );
      await earlier.initialize();
      await earlier.runMigrations();
      await earlier.destroy();
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
    });

    test('claims left without a pid are released and the same key is accepted at once; settled keys stay', async () => {
      const now = Date.now();
      await sql(db, 'INSERT INTO idempotency_keys (cid, key, fingerprint, pid, created_at) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?)', [1, 'stuck', 'f'.repeat(64), null, now, 1, 'settled', 'e'.repeat(64), 41, now]);
      service = await startService({ env: db.env });
      const client = await OliverClient.register(service);
      assert.equal(client.cid, 1);
      assert.deepEqual((await sql<{ key: string; pid: number }>(db, 'SELECT key, pid FROM idempotency_keys')).map((k) => [k.key, Number(k.pid)]), [['settled', 41]]);
      await assert.rejects(sql(db, 'INSERT INTO idempotency_keys (cid, key, fingerprint, pid, created_at) VALUES (1, ?, ?, NULL, 0)', ['empty', 'f'.repeat(64)]), /null/i);

      const form = new FormData();
      form.append('file', await openAsBlob(fixture('pcm.wav').path), 'call.wav');
      const started = Date.now();
      const response = await fetch(`${service.url}/client/${client.cid}/process/audio?${query(CALL)}`, {
        method: 'POST',
        body: form,
        headers: { 'X-Auth-Token': client.token, 'Idempotency-Key': 'stuck' },
      });
      assert.equal(response.status, 200, await response.text());
      assert.ok(Date.now() - started < 5000);
    });
  });
}
