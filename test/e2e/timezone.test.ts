import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { undoMigrationsThrough } from '../support/migrations';
import { fixture } from '../support/fixtures';
import { startService } from '../support/service';

const BASE = 'channels=2&calldirection=1&calltime=05/14/2026%2009:30:00';

/** `timezone` as clients send it, the offset echoed (hours), stored (minutes) and given to a local calltime. */
const FORMS: [sent: string, echoed: number, minutes: number, offset: string][] = [
  ['2', 2, 120, '+02:00'],
  ['-3', -3, -180, '-03:00'],
  ['0', 0, 0, '+00:00'],
  ['14', 14, 840, '+14:00'],
  ['-12', -12, -720, '-12:00'],
  ['5.5', 5.5, 330, '+05:30'],
  ['%2B05:30', 5.5, 330, '+05:30'],
  ['-3.5', -3.5, -210, '-03:30'],
  ['-03:30', -3.5, -210, '-03:30'],
  ['5.75', 5.75, 345, '+05:45'],
  ['%2B0545', 5.75, 345, '+05:45'],
  ['+05:45', 5.75, 345, '+05:45'], // the + unencoded arrives as a space
  ['12.75', 12.75, 765, '+12:45'],
  ['9.50', 9.5, 570, '+09:30'],
];

for (const kind of DATABASE_KINDS) {
  describe(`timezone offsets with minutes, on ${kind}`, () => {
    const running = serviceOn(kind);

    for (const [sent, echoed, minutes, offset] of FORMS) {
      test(`timezone=${sent} is echoed as ${echoed} and stored as ${minutes} minutes`, async () => {
        const submitted = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: `${BASE}&timezone=${sent}` });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal(submitted.body.timezone, echoed);
        assert.equal(submitted.body.calltime, `2026-05-14T09:30:00${offset}`);
        const [row] = await sql<{ timezone_minutes: number }>(running.db, 'SELECT timezone_minutes FROM processes WHERE pid = ?', [submitted.body.pid]);
        assert.equal(Number(row.timezone_minutes), minutes);
        const read = await running.api.get(`/client/${running.api.cid}/process/${submitted.body.pid}`);
        assert.equal(read.body.timezone, echoed);
      });
    }

    test('an offset that is not a quarter hour, or out of range, is refused naming timezone and leaves nothing behind', async () => {
      const before = (await sql(running.db, 'SELECT pid FROM processes')).length;
      for (const sent of ['5.3', '%2B05:20', '14.25', '-12.25', '%2B05:60', 'IST', '5,5']) {
        const refused = await running.api.submitFile(fixture('pcm.wav').path, {}, { rawQuery: `${BASE}&timezone=${sent}` });
        assert.equal(refused.status, 400, `${sent}: ${JSON.stringify(refused.body)}`);
        assert.match(refused.body.message, /timezone must be a UTC offset from -12 to 14 hours/);
        assert.deepEqual(refused.body.details.map((d: { field: string }) => d.field), ['timezone']);
      }
      assert.equal((await sql(running.db, 'SELECT pid FROM processes')).length, before);
    });
  });

  describe(`timezone stored before offsets kept minutes, on ${kind}`, () => {
    const running = serviceOn(kind);

    test('a whole-hour offset stored in hours reads the same after the migration', async () => {
      const submitted = await running.api.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1, timezone: 2 });
      assert.equal(submitted.status, 200);
      await running.service.stop();

      await undoMigrationsThrough(running.db, 'TimezoneMinutes1764000000007');
      const [old] = await sql<{ timezone: number }>(running.db, 'SELECT timezone FROM processes WHERE pid = ?', [submitted.body.pid]);
      assert.equal(Number(old.timezone), 2, 'the schema before: whole hours');
      await sql(running.db, 'UPDATE processes SET timezone = ? WHERE pid = ?', [-3, submitted.body.pid]);

      running.service = await startService({ env: running.db.env });
      const read = await new OliverClient(running.service.url, running.api.cid, running.api.token).get(`/client/${running.api.cid}/process/${submitted.body.pid}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.timezone, -3);
      const [row] = await sql<{ timezone_minutes: number }>(running.db, 'SELECT timezone_minutes FROM processes WHERE pid = ?', [submitted.body.pid]);
      assert.equal(Number(row.timezone_minutes), -180);
    });
  });
}
