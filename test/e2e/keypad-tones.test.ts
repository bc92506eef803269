import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ANALYSIS_VERSION } from '../../src/analysis/version';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { buildKeypadCall } from '../support/keypad';
import { startService } from '../support/service';

const call = buildKeypadCall();
const file = call.files['mulaw.wav'];
const keyed = { agent: call.keys.agent.map((k) => k.key).join(''), customer: call.keys.customer.map((k) => k.key).join('') };

/** What keys could look like in text: the sequences keyed, a key as a JSON string, a `digit` field. */
function assertNoKeys(text: string, where: string): void {
  for (const sequence of Object.values(keyed)) assert.ok(!text.includes(sequence), `${sequence} appears in ${where}`);
  assert.ok(!/digit/i.test(text), `a digit field appears in ${where}`);
  assert.doesNotMatch(text, /"[0-9*#A-D]"/, `a key appears in ${where}`);
}

for (const kind of DATABASE_KINDS) {
  describe(`keypad tones through the API (${kind})`, () => {
    let db: TestDatabase;
    before(async () => {
      db = await createTestDatabase(kind);
    });
    after(() => db?.drop());

    /** Submits the keypad call to a service of its own and returns the result, the stored row and the service's logs. */
    async function analysed(env: Record<string, string>) {
      const service = await startService({ env: { ...db.env, LOG_LEVEL: 'verbose', ...env } });
      try {
        const client = await OliverClient.register(service);
        const submitted = await client.submitFile(file, { channels: 2, calldirection: 1 });
        assert.equal(submitted.status, 200);
        assert.equal((await client.settle(submitted.body.pid, 60_000, () => service.logs())).status, 2);
        const result = await client.result(submitted.body.pid);
        assert.equal(result.status, 200);
        const [row] = await sql<{ body: string; analysis_version: number }>(db, 'SELECT body, analysis_version FROM process_results WHERE pid = ?', [submitted.body.pid]);
        // The version that listens for keypad tones is stored with the result and shown in it.
        assert.equal(Number(row.analysis_version), ANALYSIS_VERSION);
        assert.equal(result.body.analysisVersion, ANALYSIS_VERSION);
        return { body: result.body, text: JSON.stringify(result.body), stored: row.body, logs: service.logs() };
      } finally {
        await service.stop();
      }
    }

    test('by default the tones are counted per role, and no key is in the result, the database or the logs', async () => {
      const { body, text, stored, logs } = await analysed({});
      assert.equal(body.analytics.roles.agent.dtmf.count, call.keys.agent.length);
      assert.equal(body.analytics.roles.customer.dtmf.count, call.keys.customer.length);
      body.analytics.roles.customer.dtmf.tones.forEach((tone: { t: number; duration: number }, i: number) => {
        assert.ok(Math.abs(tone.t - call.keys.customer[i].st) < 0.03, `key ${i} at ${tone.t}`);
        assert.ok(Math.abs(tone.duration - call.keys.customer[i].duration) < 0.03, `key ${i} lasts ${tone.duration}`);
      });
      assertNoKeys(text, 'the result');
      assertNoKeys(stored, 'the stored result');
      assertNoKeys(logs, 'the logs');
    });

    test('with DTMF_DIGITS=true the keys are returned, and still not logged', async () => {
      const { body, logs } = await analysed({ DTMF_DIGITS: 'true' });
      for (const role of ['agent', 'customer'] as const) {
        assert.equal(body.analytics.roles[role].dtmf.tones.map((t: { digit: string }) => t.digit).join(''), keyed[role]);
      }
      assertNoKeys(logs, 'the logs');
    });
  });
}
