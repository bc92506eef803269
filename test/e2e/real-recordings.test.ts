import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { fixture } from '../support/fixtures';
import { cutFlac, damagedFlac, lyingMp3, realRecordings } from '../support/recordings';

const ARABIC = '\u0645\u0643\u0627\u0644\u0645\u0629'; // "call" in Arabic
const HEBREW = '\u05E9\u05D9\u05D7\u05D4'; // "call" in Hebrew
const percent = (text: string) => encodeURIComponent(text);

/** The Content-Disposition of a file part as clients send it, and the name meant. */
const NAME_FORMS: [client: string, disposition: string, name: string][] = [
  ['Postman (filename, then filename*)', `form-data; name="file"; filename="ascii_fallback.wav"; filename*=UTF-8''real%20name.wav`, 'real name.wav'],
  ['Jetty (filename*, then filename)', `form-data; name="file"; filename*=UTF-8''${percent(`${ARABIC}.wav`)}; filename="fallback.wav"`, `${ARABIC}.wav`],
  ['curl with a lower-case charset', `form-data; name="file"; filename*=utf-8''${percent(`${HEBREW} 2.wav`)}`, `${HEBREW} 2.wav`],
  ['an RFC 5987 value with a language tag', `form-data; name="file"; filename="x.wav"; filename*=UTF-8'ar'${percent(`${ARABIC}.wav`)}`, `${ARABIC}.wav`],
  ['an ISO-8859-1 filename*', `form-data; name="file"; filename*=ISO-8859-1''r%E9union.wav`, 'r\u00e9union.wav'],
  ['.NET (RFC 2047, base64)', `form-data; name="file"; filename="=?utf-8?B?${Buffer.from(`${ARABIC} 7.wav`).toString('base64')}?="`, `${ARABIC} 7.wav`],
  ['a mail library (RFC 2047, quoted-printable)', 'form-data; name="file"; filename="=?UTF-8?Q?r=C3=A9union_du_lundi.wav?="', 'r\u00e9union du lundi.wav'],
  ['a browser (raw UTF-8) with right-to-left and Arabic letter marks', `form-data; name="file"; filename="\u200F${ARABIC}\u061C 3.wav"`, `\u200F${ARABIC}\u061C 3.wav`],
  ['a client with a broken filename* (a bad percent sequence): filename is used', `form-data; name="file"; filename="call.wav"; filename*=UTF-8''%ZZ.wav`, 'call.wav'],
  ['a client with a filename* that is not UTF-8 and no filename: kept, unnamed', `form-data; name="file"; filename*=UTF-8''%FF%FE.wav`, 'upload'],
  ['a browser with quotes in the name (HTML writes them as %22)', 'form-data; name="file"; filename="my %22best%22 call.wav"', 'my "best" call.wav'],
  ['a quote in filename* (%22)', `form-data; name="file"; filename*=UTF-8''${percent('"quoted" call.wav')}`, '"quoted" call.wav'],
  ['a Hebrew name with a left-to-right mark before the digits (filename*)', `form-data; name="file"; filename*=UTF-8''${percent(`${HEBREW}\u200E 2026.wav`)}`, `${HEBREW}\u200E 2026.wav`],
];

interface StoredRow {
  audio_path: string;
  audio_codec: string;
  sample_rate: number;
  header_duration: number;
}

for (const kind of DATABASE_KINDS) {
  describe(`every format the decoder reads is accepted and analysed, on ${kind}`, () => {
    const running = serviceOn(kind);

    for (const [client, disposition, name] of NAME_FORMS) {
      test(`file name as ${client} sends it: ${JSON.stringify(disposition)} → ${JSON.stringify(name)}`, async () => {
        const submitted = await running.api.submitPart(fixture('pcm.wav').path, disposition, { channels: 2, calldirection: 1 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal(submitted.body.source, name);
        const [row] = await sql<{ source: string }>(running.db, 'SELECT source FROM processes WHERE pid = ?', [submitted.body.pid]);
        assert.equal(row.source, name, 'stored as the client meant it');
        assert.equal((await running.api.process(submitted.body.pid)).body.source, name);
      });
    }

    test('an MP3 whose Info header claims 4.5 hours in 30 KB: not trusted at the gate; status 2 with what decodes', async () => {
      const submitted = await running.api.submitFile(lyingMp3(), { channels: 2, calldirection: 1 });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
      const [row] = await sql<StoredRow>(running.db, 'SELECT header_duration FROM processes WHERE pid = ?', [submitted.body.pid]);
      assert.ok(Math.abs(Number(row.header_duration) - 3.75) < 0.1, `the estimate from size and bit rate is stored (${row.header_duration})`);
      const done = await running.api.settle(submitted.body.pid, 60_000, running.service.logs);
      assert.equal(done.status, 2, done.statusmsg);
      assert.ok(Math.abs(done.duration - 3.5) < 0.2, `duration ${done.duration}`);
    });

    for (const [what, file] of [
      ['cut 40 bytes into its first frame', damagedFlac],
      ['cut to its first 2000 bytes (the header alone)', cutFlac],
    ] as const) {
      test(`a FLAC ${what}: 400 at submission with the reason in words, nothing stored`, async () => {
        const before = (await sql(running.db, 'SELECT pid FROM processes')).length;
        const refused = await running.api.submitFile(file(), { channels: 2, calldirection: 1 });
        assert.equal(refused.status, 400, JSON.stringify(refused.body));
        assert.equal(refused.body.message, 'The uploaded file is not decodable audio: nothing after its header decodes (its data is cut short or damaged)');
        assert.equal((await sql(running.db, 'SELECT pid FROM processes')).length, before);
      });
    }

    for (const recording of realRecordings()) {
      test(`${recording.kind} (${recording.name}): 200, stored, then status 2 with ${recording.seconds} s`, async () => {
        const submitted = await running.api.submitFile(recording.path(), { channels: recording.channels, calldirection: 1 }, { filename: recording.name });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal(submitted.body.status, 0);
        assert.equal(submitted.body.source, recording.name);

        const [row] = await sql<StoredRow>(running.db, 'SELECT audio_path, audio_codec, sample_rate, header_duration FROM processes WHERE pid = ?', [submitted.body.pid]);
        assert.ok(await running.service.store.exists(row.audio_path), 'the audio is kept');
        assert.ok(row.audio_codec.length > 0);
        assert.equal(Number(row.sample_rate), 8000);
        assert.ok(Number(row.header_duration) > 0, 'the header duration is stored');

        const done = await running.api.settle(submitted.body.pid, 60_000, running.service.logs);
        assert.equal(done.status, 2, done.statusmsg);
        assert.ok(Math.abs(done.duration - recording.seconds) <= recording.tolerance, `duration ${done.duration} should be ${recording.seconds} ± ${recording.tolerance}`);
      });

      if (recording.channels === 2) {
        test(`${recording.kind}: the channel check still holds (declared mono → 400, nothing stored)`, async () => {
          const before = (await sql(running.db, 'SELECT pid FROM processes')).length;
          const refused = await running.api.submitFile(recording.path(), { channels: 1, calldirection: 1 }, { filename: recording.name });
          assert.equal(refused.status, 400, JSON.stringify(refused.body));
          assert.equal(refused.body.message, 'channels is 1 but the file has 2 channels');
          assert.equal((await sql(running.db, 'SELECT pid FROM processes')).length, before);
        });
      }
    }
  });
}
