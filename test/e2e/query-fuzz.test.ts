import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const PARAMETERS = ['channels', 'calldirection', 'agentId', 'agentTeam', 'customerId', 'customerInd', 'campaignId', 'name', 'ANI', 'calltype', 'calltime', 'timezone', 'tag', 'meta', 'predictionmode', 'tasks', 'agentChannel', 'url'];

/** Values that are usually wrong: odd numbers, odd text, injections, control characters, very long strings. */
const hostileValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  fc.constantFrom('', ' ', '1', '2', '-1', '0', '1e3', 'NaN', 'Infinity', 'null', 'true', '[]', '{}', '[{"name":1}]', "'; DROP TABLE processes; --", '<script>alert(1)</script>', '../../etc/passwd', '\u202e\u0000', 'incoming', 'OUTGOING', '13/45/2026 25:61:61', '2026-02-30T10:00:00Z'),
  fc.string({ minLength: 257, maxLength: 3000 }),
);
const hostileQuery = fc.array(fc.tuple(fc.constantFrom(...PARAMETERS), hostileValue), { maxLength: 12 });

for (const kind of DATABASE_KINDS) describe(`fuzzing the query of the submit routes, on ${kind}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let accepted = 0;

  before(async () => {
    db = await createTestDatabase(kind);
    service = await startService({ env: { ...db.env, RATE_LIMIT: '100000' } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const raw = (pairs: [string, string][]) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');

  test('any query: 200 or a 4xx in the contract body that names a field, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(hostileQuery, async (pairs) => {
        const response = await client.submitFile(fixture('pcm.wav').path, {}, { rawQuery: raw(pairs) });
        assert.ok(response.status < 500, `${response.status} for ${raw(pairs)}: ${JSON.stringify(response.body)}`);
        if (response.status === 200) {
          accepted++;
          return;
        }
        assert.ok(response.status >= 400, String(response.status));
        assert.equal(response.body.code, response.status);
        assert.equal(typeof response.body.message, 'string');
        if (response.status === 400) assert.ok(response.body.details?.length > 0, JSON.stringify(response.body));
      }),
      { numRuns: 150, seed: 20261124 },
    );
  });

  test('hostile text in any text field of an otherwise valid call: 200 or 400, never a 5xx', async () => {
    const textField = fc.constantFrom('agentId', 'agentTeam', 'customerId', 'customerInd', 'campaignId', 'name', 'ANI', 'calltype', 'tag', 'meta', 'predictionmode', 'tasks', 'calltime');
    await fc.assert(
      fc.asyncProperty(textField, hostileValue, async (field, value) => {
        const response = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1, [field]: value });
        assert.ok([200, 400].includes(response.status), `${response.status} for ${field}=${JSON.stringify(value)}: ${JSON.stringify(response.body)}`);
        if (response.status === 200) accepted++;
        else assert.ok(response.body.details.some((d: { field: string }) => d.field === field), JSON.stringify(response.body));
      }),
      { numRuns: 120, seed: 11 },
    );
  });

  test('text that is accepted comes back verbatim', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 256, unit: 'grapheme' }).filter((s) => s.length > 0 && s.length <= 256), async (text) => {
        const response = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1, agentId: text, meta: text });
        assert.equal(response.status, 200, JSON.stringify(response.body));
        accepted++;
        assert.equal(response.body.agentId, text);
        assert.equal((await client.process(response.body.pid)).body.meta, text);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  test('refused requests left nothing: one row and one file per accepted call', async () => {
    assert.equal((await sql(db, 'SELECT pid FROM processes')).length, accepted);
    const files = readdirSync(service.storageDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.equal(files.length, accepted);
  });
});
