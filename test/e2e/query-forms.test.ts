import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { fixture } from '../support/fixtures';
import { call } from '../support/api';

/** Every parameter each route reads (src/validate/submit-query.dto.ts, list-query.dto.ts). */
const SUBMIT_PARAMETERS = ['channels', 'calldirection', 'agentId', 'agentTeam', 'customerId', 'customerInd', 'campaignId', 'name', 'ANI', 'calltype', 'calltime', 'timezone', 'tag', 'meta', 'predictionmode', 'tasks', 'agentChannel'];
const LIST_PARAMETERS = ['page', 'pageSize', 'status', 'agentId', 'campaignId', 'customerId', 'from', 'to'];
/** A bracket form with a name inside, as PHP and qs-style clients write an object; each parameter gets the next (within the rate limit). */
const namedBrackets = (name: string, index: number) => [`${name}[a]`, `${name}[x][y]`, `${name}%5Bkey%5D`, `${name}[0][a]`][index % 4];

interface StoredRow {
  tags: string | null;
  agent_id: string | null;
  call_time: string | null;
  channels: number;
}

const BASE = 'channels=2&calldirection=1';

/** Query strings as client libraries build them, and what the service must understand from each. */
const FORMS: [client: string, query: string, expected: Partial<{ tag: string[]; agentId: string | null; calltime: string; channels: number }>][] = [
  ['axios and jQuery (tag[]=…)', `${BASE}&tag[]=vip&tag[]=renewal`, { tag: ['vip', 'renewal'] }],
  ['PHP with indices (tag[0]=…)', `${BASE}&tag[0]=vip&tag[1]=renewal`, { tag: ['vip', 'renewal'] }],
  ['percent-encoded brackets (tag%5B%5D=…)', `${BASE}&tag%5B%5D=vip&tag%5B%5D=renewal`, { tag: ['vip', 'renewal'] }],
  ['a repeated key (tag=…&tag=…)', `${BASE}&tag=vip&tag=renewal`, { tag: ['vip', 'renewal'] }],
  ['one bracketed item', `${BASE}&tag[]=vip`, { tag: ['vip'] }],
  ['brackets and commas mixed', `${BASE}&tag[]=vip,renewal&tag[]=q3`, { tag: ['vip', 'renewal', 'q3'] }],
  ['a known single parameter in bracket form', 'channels[]=1&calldirection=1', { channels: 1 }],
  ['an empty value (agentId=)', `${BASE}&agentId=&tag=`, { agentId: null }],
  ['a calltime whose + arrived unencoded (a space)', `${BASE}&calltime=2026-05-14T09:30:00+02:00`, { calltime: '2026-05-14T07:30:00Z' }],
  ['the same with a space before the time', `${BASE}&calltime=2026-05-14+09:30:00+0530`, { calltime: '2026-05-14T04:00:00Z' }],
];

for (const kind of DATABASE_KINDS) {
  describe(`query strings as client libraries build them, on ${kind}`, () => {
    const running = serviceOn(kind);

    for (const [client, rawQuery, expected] of FORMS) {
      test(`${client}: ${rawQuery}`, async () => {
        const path = expected.channels === 1 ? fixture('mono.wav').path : fixture('pcm.wav').path;
        const submitted = await running.api.submitFile(path, {}, { rawQuery });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const [row] = await sql<StoredRow>(running.db, 'SELECT tags, agent_id, call_time, channels FROM processes WHERE pid = ?', [submitted.body.pid]);
        if (expected.tag) {
          assert.deepEqual(submitted.body.tag, expected.tag);
          assert.deepEqual(JSON.parse(row.tags!), expected.tag, 'stored');
        }
        if (expected.agentId === null) {
          assert.ok(!('agentId' in submitted.body) && !('tag' in submitted.body), 'an empty value is absent');
          assert.equal(row.agent_id, null);
          assert.equal(row.tags, null);
        }
        if (expected.calltime) {
          assert.equal(submitted.body.calltime, expected.calltime);
          assert.equal(row.call_time, expected.calltime);
        }
        if (expected.channels) assert.equal(Number(row.channels), expected.channels);
      });
    }

    test('a known parameter with a name inside its brackets is refused by name on upload, URL and listing, nothing stored', async () => {
      const before = (await sql(running.db, 'SELECT pid FROM processes')).length;
      for (const [index, name] of SUBMIT_PARAMETERS.entries()) {
        const key = namedBrackets(name, index);
        const shown = decodeURIComponent(key);
        const rawQuery = `${BASE}&${key}=1`;
        const uploaded = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery });
        assert.equal(uploaded.status, 400, `${rawQuery}: ${JSON.stringify(uploaded.body)}`);
        assert.equal(uploaded.body.message, `${name} is sent as ${shown}: a name inside the brackets is not read; send ${name}=…`);
        assert.deepEqual(uploaded.body.details, [{ field: name, message: `a name inside the brackets (${shown}) is not read` }]);
        const url = await call(`${running.api.baseUrl}/client/${running.api.cid}/process/url?${BASE}&url=https%3A%2F%2Fexample.com%2Fa.wav&${key}=1`, {
          method: 'POST',
          headers: { 'X-Auth-Token': running.api.token },
        });
        assert.equal(url.status, 400, `URL route ${key}: ${JSON.stringify(url.body)}`);
        assert.equal(url.body.details[0].field, name);
      }
      for (const [index, name] of LIST_PARAMETERS.entries()) {
        const key = namedBrackets(name, index);
        const listed = await running.api.get(`/client/${running.api.cid}/process?${key}=nobody`);
        assert.equal(listed.status, 400, `listing ${key}: ${JSON.stringify(listed.body)}`);
        assert.equal(listed.body.details[0].field, name);
      }
      assert.equal((await sql(running.db, 'SELECT pid FROM processes')).length, before, 'nothing stored');
      // A parameter the service does not read stays ignored, whatever its form.
      const unknown = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: `${BASE}&other[a]=1` });
      assert.equal(unknown.status, 200, JSON.stringify(unknown.body));
    });

    test('each parameter gets one message, the first rule it breaks', async () => {
      const missing = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: 'calldirection=1' });
      assert.equal(missing.status, 400);
      assert.equal(missing.body.message, 'Invalid request: channels is required');
      assert.deepEqual(missing.body.details, [{ field: 'channels', message: 'channels is required' }]);
      const both = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: 'channels=1&channels=2&agentId=%00' });
      assert.deepEqual(both.body.details, [
        { field: 'channels', message: 'channels must be given only once' },
        { field: 'calldirection', message: 'calldirection is required' },
        { field: 'agentId', message: 'agentId must not contain NUL characters' },
      ]);
    });

    test('listing: an empty filter (agentId=) counts as absent, a bracketed one as given', async () => {
      const all = await running.api.get(`/client/${running.api.cid}/process?agentId=`);
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.equal(all.body.length, FORMS.length + 1, 'the forms and the submission with an unknown parameter');
      const tagged = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: `${BASE}&agentId=agent-7` });
      const filtered = await running.api.get(`/client/${running.api.cid}/process?agentId[]=agent-7`);
      assert.deepEqual(filtered.body.map((p: { pid: number }) => p.pid), [tagged.body.pid]);
    });
  });
}
