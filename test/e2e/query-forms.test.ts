import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { fixture } from '../support/fixtures';

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

    test('listing: an empty filter (agentId=) counts as absent, a bracketed one as given', async () => {
      const all = await running.api.get(`/client/${running.api.cid}/process?agentId=`);
      assert.equal(all.status, 200, JSON.stringify(all.body));
      assert.equal(all.body.length, FORMS.length);
      const tagged = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: `${BASE}&agentId=agent-7` });
      const filtered = await running.api.get(`/client/${running.api.cid}/process?agentId[]=agent-7`);
      assert.deepEqual(filtered.body.map((p: { pid: number }) => p.pid), [tagged.body.pid]);
    });
  });
}
