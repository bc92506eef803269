import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { damagedFlac, realRecordings } from '../support/recordings';
import { RunningService, startService } from '../support/service';

interface StoredRow {
  audio_path: string;
  audio_codec: string;
  sample_rate: number;
  header_duration: number;
}

for (const kind of DATABASE_KINDS) {
  describe(`every format the decoder reads is accepted and analysed, on ${kind}`, () => {
    let db: TestDatabase;
    let service: RunningService;
    let client: OliverClient;

    before(async () => {
      db = await createTestDatabase(kind);
      service = await startService({ env: db.env });
      client = OliverClient.register(service);
    });
    after(async () => {
      await service?.stop();
      await db?.drop();
    });

    test('a FLAC whose frames are damaged: -2 with the reason in words; the decoder\'s own text only in the log', async () => {
      const submitted = await client.submitFile(damagedFlac(), { channels: 2, calldirection: 1 });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      const done = await client.settle(submitted.body.pid, 60_000, service.logs);
      assert.equal(done.status, -2);
      assert.equal(done.statusmsg, 'The audio cannot be decoded: its data is damaged or in a form the decoder does not read');
      assert.match(service.logs(), /invalid residual/, 'what ffmpeg said is logged');
    });

    for (const recording of realRecordings()) {
      test(`${recording.kind} (${recording.name}): 200, stored, then status 2 with ${recording.seconds} s`, async () => {
        const submitted = await client.submitFile(recording.path(), { channels: recording.channels, calldirection: 1 }, { filename: recording.name });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal(submitted.body.status, 0);
        assert.equal(submitted.body.source, recording.name);

        const [row] = await sql<StoredRow>(db, 'SELECT audio_path, audio_codec, sample_rate, header_duration FROM processes WHERE pid = ?', [submitted.body.pid]);
        assert.ok(existsSync(join(service.storageDir, row.audio_path)), 'the audio is kept');
        assert.ok(row.audio_codec.length > 0);
        assert.equal(Number(row.sample_rate), 8000);
        assert.ok(Number(row.header_duration) > 0, 'the header duration is stored');

        const done = await client.settle(submitted.body.pid, 60_000, service.logs);
        assert.equal(done.status, 2, done.statusmsg);
        assert.ok(Math.abs(done.duration - recording.seconds) <= recording.tolerance, `duration ${done.duration} should be ${recording.seconds} ± ${recording.tolerance}`);
      });

      if (recording.channels === 2) {
        test(`${recording.kind}: the channel check still holds (declared mono → 400, nothing stored)`, async () => {
          const before = (await sql(db, 'SELECT pid FROM processes')).length;
          const refused = await client.submitFile(recording.path(), { channels: 1, calldirection: 1 }, { filename: recording.name });
          assert.equal(refused.status, 400, JSON.stringify(refused.body));
          assert.equal(refused.body.message, 'channels is 1 but the file has 2 channels');
          assert.equal((await sql(db, 'SELECT pid FROM processes')).length, before);
        });
      }
    }
  });
}
