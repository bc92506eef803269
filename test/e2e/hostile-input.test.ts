import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { openAsBlob, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { ApiResponse, call, OliverClient, query, rawHttp, RawResponse } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { bytesFixture, fixture, generate, transcoded } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const MAX_UPLOAD_BYTES = 200_000;
const MAX_CALL_SECONDS = 600;
const OK = { channels: 2, calldirection: 1 };
const long = (n: number) => 'x'.repeat(n);

/** A copy of a real file with some bytes changed. */
function patched(source: string, name: string, patch: (bytes: Buffer) => unknown): string {
  const bytes = Buffer.from(readFileSync(source));
  const replaced = patch(bytes);
  return bytesFixture(name, Buffer.isBuffer(replaced) ? replaced : bytes);
}
const patchedWave = (name: string, patch: (bytes: Buffer) => void) => patched(fixture('pcm.wav').path, name, patch);

/** Two hours of silence in the largest FLAC blocks: about 23 KB that expand into 230 MB of samples. */
const flacBomb = () =>
  generate('silence-2h-large-blocks.flac', (target) =>
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=stereo', '-t', '7200', '-c:a', 'flac', '-frame_size', '65535', target]),
  );

/** A video with no sound track: a container that can hold audio, holding none. */
const silentVideo = () =>
  generate('no-sound.mp4', (target) =>
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=5', '-t', '2', '-c:v', 'mpeg4', target]),
  );

/** 700 s of silence in Apple Lossless in CAF: small, and in a format only ffprobe reads. */
const longAlac = () =>
  generate('silence-700s.caf', (target) =>
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=stereo', '-t', '700', '-c:a', 'alac', target]),
  );

type Send = (client: OliverClient, service: RunningService) => Promise<ApiResponse>;

/** One multipart request written byte for byte, for what FormData would tidy up. */
function rawUpload(disposition: string, params: Record<string, string | number> = OK): Send {
  return (client) => client.submitPart(fixture('pcm.wav').path, `form-data; ${disposition}`, params);
}

/** A multipart body written byte for byte, in a well-formed HTTP request. */
function rawBody(body: (wave: Buffer) => string | Buffer, contentType = 'multipart/form-data; boundary=b'): Send {
  return (client, service) =>
    call(`${service.url}/client/${client.cid}/process/audio?${query(OK)}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-auth-token': client.token },
      body: body(readFileSync(fixture('pcm.wav').path)),
    });
}
const filePart = (disposition = 'name="file"; filename="call.wav"') => `--b\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: audio/wav\r\n\r\n`;

/** An upload whose HTTP framing is broken: `head` follows the request line and the client's headers. */
function rawRequest(head: string, rest = ''): Send {
  return async (client, service) => {
    const request = `POST /client/${client.cid}/process/audio?${query(OK)} HTTP/1.1\r\nHost: localhost\r\nX-Auth-Token: ${client.token}\r\nConnection: close\r\n${head}\r\n${rest}`;
    return asResponse(rawHttp(service.url, request));
  };
}
const asResponse = async (raw: Promise<RawResponse>): Promise<ApiResponse> => {
  const answer = await raw;
  return { status: answer.status, body: answer.body, headers: new Headers(), ms: answer.answeredMs };
};

const upload = (file: () => string, params: Record<string, string | number | undefined> = OK): Send => async (client) => client.submitFile(file(), params);
const withQuery = (params: Record<string, string | number | undefined>) => upload(() => fixture('pcm.wav').path, params);
const withRawQuery = (rawQuery: string): Send => (client) => client.submitFile(fixture('pcm.wav').path, {}, { rawQuery });
const form = (build: (form: FormData) => Promise<void>): Send => async (client) => {
  const body = new FormData();
  await build(body);
  return client.submitForm(body, OK);
};
const read = (path: string): Send => (client) => client.get(path.replace('{cid}', String(client.cid)));
const byUrl = (url: string | undefined): Send => (client) => client.submitUrl({ ...OK, url });

interface Case {
  name: string;
  send: Send;
  status: number;
  message: RegExp;
  /** The field the error's details name. */
  field?: string;
}

const CASES: Case[] = [
  // the query string of an upload
  { name: 'channels missing', send: withQuery({ calldirection: 1 }), status: 400, message: /channels is required/, field: 'channels' },
  { name: 'channels 3', send: withQuery({ ...OK, channels: 3 }), status: 400, message: /channels must be one of 1, 2/, field: 'channels' },
  { name: 'channels not a number', send: withQuery({ ...OK, channels: 'two' }), status: 400, message: /channels must be one of 1, 2/, field: 'channels' },
  { name: 'channels repeated', send: withRawQuery('channels=2&channels=1&calldirection=1'), status: 400, message: /channels must be given only once/, field: 'channels' },
  { name: 'calldirection missing', send: withQuery({ channels: 2 }), status: 400, message: /calldirection is required/, field: 'calldirection' },
  { name: 'calldirection 3', send: withQuery({ ...OK, calldirection: 3 }), status: 400, message: /calldirection must be one of 1, 2, incoming, outgoing/, field: 'calldirection' },
  { name: 'calldirection an unknown word', send: withQuery({ ...OK, calldirection: 'sideways' }), status: 400, message: /calldirection must be one of/, field: 'calldirection' },
  { name: 'calldirection repeated', send: withRawQuery('channels=2&calldirection=1&calldirection=2'), status: 400, message: /calldirection must be given only once/, field: 'calldirection' },
  { name: 'calltime not a date', send: withQuery({ ...OK, calltime: 'yesterday' }), status: 400, message: /calltime must be an ISO 8601 time or MM\/DD\/YYYY HH:MM:SS/, field: 'calltime' },
  { name: 'calltime 30 February', send: withQuery({ ...OK, calltime: '02/30/2026 10:00:00' }), status: 400, message: /calltime must be/, field: 'calltime' },
  { name: 'calltime month 13', send: withQuery({ ...OK, calltime: '2026-13-01T00:00:00Z' }), status: 400, message: /calltime must be/, field: 'calltime' },
  { name: 'timezone 15', send: withQuery({ ...OK, timezone: 15 }), status: 400, message: /timezone must be a UTC offset from -12 to 14 hours/, field: 'timezone' },
  { name: 'timezone +14:15', send: withQuery({ ...OK, timezone: '+14:15' }), status: 400, message: /timezone must be a UTC offset from -12 to 14 hours/, field: 'timezone' },
  { name: 'timezone -12.5', send: withQuery({ ...OK, timezone: '-12.5' }), status: 400, message: /timezone must be a UTC offset/, field: 'timezone' },
  { name: 'timezone not a quarter hour (1.3)', send: withQuery({ ...OK, timezone: '1.3' }), status: 400, message: /in quarter hours/, field: 'timezone' },
  { name: 'timezone not a quarter hour (+05:20)', send: withQuery({ ...OK, timezone: '+05:20' }), status: 400, message: /in quarter hours/, field: 'timezone' },
  { name: 'timezone minutes past 59 (+05:75)', send: withQuery({ ...OK, timezone: '+05:75' }), status: 400, message: /timezone must be a UTC offset/, field: 'timezone' },
  { name: 'timezone a word', send: withQuery({ ...OK, timezone: 'UTC' }), status: 400, message: /timezone must be a UTC offset/, field: 'timezone' },
  { name: 'timezone with a unit (5.5h)', send: withQuery({ ...OK, timezone: '5.5h' }), status: 400, message: /timezone must be a UTC offset/, field: 'timezone' },
  { name: 'agentId too long', send: withQuery({ ...OK, agentId: long(257) }), status: 400, message: /agentId must be at most 256 characters/, field: 'agentId' },
  { name: 'agentId with a NUL character', send: withQuery({ ...OK, agentId: 'a\u0000b' }), status: 400, message: /agentId must not contain NUL characters/, field: 'agentId' },
  { name: 'ANI too long', send: withQuery({ ...OK, ANI: long(300) }), status: 400, message: /ANI must be at most 256 characters/, field: 'ANI' },
  { name: 'tag with too many items', send: withQuery({ ...OK, tag: Array.from({ length: 101 }, (_, i) => `t${i}`).join(',') }), status: 400, message: /tag must be a comma-separated list of at most 100 items/, field: 'tag' },
  { name: 'meta over 10 KiB', send: withQuery({ ...OK, meta: long(10 * 1024 + 1) }), status: 400, message: /meta must be at most 10240 bytes/, field: 'meta' },
  { name: 'meta of 1 MB', send: withQuery({ ...OK, meta: long(1024 * 1024) }), status: 431, message: /URL and headers are larger than the limit of 16384 bytes/ },
  { name: 'tasks not JSON', send: withQuery({ ...OK, tasks: 'diarization' }), status: 400, message: /tasks must be a JSON array/, field: 'tasks' },
  { name: 'tasks a JSON object', send: withQuery({ ...OK, tasks: '{"name":"x"}' }), status: 400, message: /tasks must be a JSON array/, field: 'tasks' },
  { name: 'agentChannel 2', send: withQuery({ ...OK, agentChannel: 2 }), status: 400, message: /agentChannel must be an integer from 0 to 1/, field: 'agentChannel' },
  { name: 'channels disagree with the file', send: withQuery({ ...OK, channels: 1 }), status: 400, message: /channels is 1 but the file has 2 channels/, field: 'channels' },
  { name: 'Idempotency-Key of 300 characters', send: (client, service) => call(`${service.url}/client/${client.cid}/process/url?${query({ ...OK, url: 'https://example.org/a.wav' })}`, { method: 'POST', headers: { 'x-auth-token': client.token, 'idempotency-key': long(300) } }), status: 400, message: /Idempotency-Key must be 1 to 255 visible ASCII characters/, field: 'Idempotency-Key' },

  // the file itself
  { name: 'an empty file', send: upload(() => bytesFixture('empty.wav', Buffer.alloc(0))), status: 400, message: /The uploaded file is empty/, field: 'file' },
  { name: 'a text file named .wav', send: upload(() => bytesFixture('notes.wav', Buffer.from('hello, this is not audio\n'.repeat(20)))), status: 415, message: /not audio \(its content looks like text\)/ },
  { name: 'HTML named .mp3', send: upload(() => bytesFixture('page.mp3', Buffer.from('<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>\n'.repeat(10)))), status: 415, message: /not audio/ },
  { name: 'a PDF named .mp3', send: upload(() => bytesFixture('report.mp3', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)]))), status: 415, message: /not audio \(its content looks like application\/pdf\)/ },
  { name: 'random bytes named .wav', send: upload(() => bytesFixture('noise.wav', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251)))), status: 415, message: /not audio/ },
  { name: 'a truncated MP3 (its first 200 bytes)', send: upload(() => patched(fixture('call.mp3').path, 'truncated.mp3', (b) => b.subarray(0, 200))), status: 400, message: /not decodable audio/ },
  { name: 'a WAV header with 0 channels', send: upload(() => patchedWave('zero-channels.wav', (b) => b.writeUInt16LE(0, 22))), status: 400, message: /not decodable audio/ },
  { name: 'a WAV header with 3 channels', send: upload(() => patchedWave('three-channels.wav', (b) => b.writeUInt16LE(3, 22))), status: 400, message: /channels is 2 but the file has 3 channels/, field: 'channels' },
  { name: 'a WAV header with an absurd sample rate', send: upload(() => patchedWave('absurd-rate.wav', (b) => b.writeUInt32LE(4_000_000_000, 24))), status: 400, message: /invalid sample rate/ },
  { name: 'a WAV header that lies about its size', send: upload(() => patchedWave('lying-size.wav', (b) => { b.writeUInt32LE(0x7fff0000, 4); b.writeUInt32LE(0x7ff00000, 40); })), status: 400, message: /claims 2146435072 bytes of audio but the file holds/ },
  { name: 'a decompression-bomb FLAC (2 hours of silence in a few KB)', send: upload(flacBomb), status: 400, message: /The call is 7200 seconds long; the limit is 600 seconds/ },
  { name: 'a WAV in a codec no decoder knows (format tag 0x1234)', send: upload(() => patchedWave('unknown-codec.wav', (b) => b.writeUInt16LE(0x1234, 20))), status: 400, message: /^The uploaded file is not decodable audio: it holds no audio stream that can be decoded$/ },
  { name: 'a WAV header with no data chunk', send: upload(() => patched(fixture('pcm.wav').path, 'no-data.wav', (b) => b.subarray(0, 36))), status: 400, message: /^The uploaded file is not decodable audio: it holds no audio stream that can be decoded$/ },
  { name: 'an RF64 whose ds64 chunk claims more audio than the file holds', send: upload(() => patched(transcoded('call-rf64.wav', ['-rf64', 'always']), 'rf64-lying-size.wav', (b) => b.writeBigUInt64LE(10n ** 9n, 28))), status: 400, message: /its WAV header claims 1000000000 bytes of audio but the file holds 112000/ },
  { name: 'an AMR file that is only its header', send: upload(() => bytesFixture('header-only.amr', Buffer.from('#!AMR\n', 'latin1'))), status: 400, message: /^The uploaded file is not decodable audio: it holds no audio stream that can be decoded$/ },
  { name: 'a video without sound (MP4)', send: upload(silentVideo), status: 400, message: /^The uploaded file is not decodable audio: it holds no audio stream that can be decoded$/ },
  { name: 'a PNG image named .wav', send: upload(() => generate('image.wav.png', (t) => execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=64x48', '-frames:v', '1', '-f', 'image2', t]))), status: 415, message: /^The uploaded file is not audio \(its content looks like image\/png\)$/ },
  { name: 'a CAF (read by ffprobe) over the length limit', send: upload(longAlac), status: 400, message: /^The call is 700 seconds long; the limit is 600 seconds$/ },
  { name: 'a file over the size limit', send: upload(() => bytesFixture('big.wav', Buffer.concat([readFileSync(fixture('pcm.wav').path), Buffer.alloc(MAX_UPLOAD_BYTES)]))), status: 413, message: /larger than the limit of 200000 bytes/ },

  // the multipart body
  { name: 'no file field', send: form(async (f) => f.append('other', 'value')), status: 400, message: /The multipart field "file" is required/, field: 'file' },
  { name: 'two file fields', send: form(async (f) => { const blob = await openAsBlob(fixture('pcm.wav').path); f.append('file', blob, 'a.wav'); f.append('file', blob, 'b.wav'); }), status: 400, message: /exactly one "file" field/ },
  { name: 'a body that is not multipart', send: (client, service) => call(`${service.url}/client/${client.cid}/process/audio?${query(OK)}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': client.token }, body: '{"file":"x"}' }), status: 400, message: /must be multipart\/form-data/ },
  { name: 'a JSON body that is not JSON', send: (client, service) => call(`${service.url}/client/${client.cid}/process/url?${query({ ...OK, url: 'https://example.org/a.wav' })}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-auth-token': client.token }, body: '{"url": "https://example.org/a.wav",' }), status: 400, message: /^The request body is not valid JSON$/ },
  { name: 'a file name with ../', send: rawUpload('name="file"; filename="../../etc/cron.d/call.wav"'), status: 400, message: /file name must be a plain name, without "\/"/ },
  { name: 'a file name with a NUL character (filename*)', send: rawUpload("name=\"file\"; filename*=UTF-8''call%00.wav"), status: 400, message: /^The file name must be a plain name/ },
  { name: 'a raw NUL character in the part header', send: rawUpload('name="file"; filename="call\u0000.wav"'), status: 400, message: /^The multipart body is malformed: its boundaries or part headers cannot be read$/ },
  { name: 'a file name of 500 characters', send: rawUpload(`name="file"; filename="${long(496)}.wav"`), status: 400, message: /file name must be at most 255 characters/ },
  { name: 'a file name with a right-to-left override', send: rawUpload("name=\"file\"; filename*=UTF-8''call%E2%80%AEvaw.exe"), status: 400, message: /file name must be a plain name/ },
  { name: 'a file name with a right-to-left isolate (filename*)', send: rawUpload("name=\"file\"; filename=\"call.wav\"; filename*=UTF-8''call%E2%81%A7vaw.exe"), status: 400, message: /^The file name must be a plain name/ },
  { name: 'a file name with a left-to-right embedding', send: rawUpload('name="file"; filename="call\u202Avaw.exe"'), status: 400, message: /^The file name must be a plain name/ },
  { name: 'a right-to-left override inside an RFC 2047 encoded word', send: rawUpload(`name="file"; filename="=?utf-8?B?${Buffer.from('call\u202Evaw.exe').toString('base64')}?="`), status: 400, message: /^The file name must be a plain name/ },
  { name: 'a path inside an RFC 2047 encoded word', send: rawUpload('name="file"; filename="=?utf-8?Q?..=2F..=2Fetc=2Fcall.wav?="'), status: 400, message: /^The file name must be a plain name, without "\/"/ },
  { name: 'a path in filename* behind a plain filename', send: rawUpload("name=\"file\"; filename=\"call.wav\"; filename*=UTF-8''..%2F..%2Fetc%2Fcall.wav"), status: 400, message: /^The file name must be a plain name, without "\/"/ },

  { name: 'a file part that never reaches its closing boundary', send: rawBody((wave) => Buffer.concat([Buffer.from(filePart()), wave])), status: 400, message: /multipart body is malformed: it ends before its closing boundary/ },
  { name: 'a file part cut inside its part headers', send: rawBody(() => '--b\r\nContent-Disposition: form-data; name="file"; filename="call.wav"\r\nContent-Ty'), status: 400, message: /multipart body is malformed/ },
  { name: 'a non-file part carrying a file name, cut before its boundary', send: rawBody((wave) => Buffer.concat([Buffer.from(filePart('name="notes"; filename="notes.wav"')), wave])), status: 400, message: /multipart body is malformed/ },
  { name: 'a non-file part carrying a file name, then the file cut short', send: rawBody((wave) => Buffer.concat([Buffer.from(filePart('name="notes"; filename="notes.wav"')), wave, Buffer.from(`\r\n${filePart()}`), wave])), status: 400, message: /multipart body is malformed/ },
  { name: 'a multipart body without a single boundary', send: rawBody((wave) => wave), status: 400, message: /multipart body is malformed/ },
  { name: 'a multipart Content-Type without a boundary', send: rawBody((wave) => Buffer.concat([Buffer.from(filePart()), wave, Buffer.from('\r\n--b--\r\n')]), 'multipart/form-data'), status: 400, message: /must be multipart\/form-data/ },
  { name: 'a part header line of 100 KB, beyond what the parser keeps', send: rawBody((wave) => Buffer.concat([Buffer.from(`--b\r\nX-Padding: ${long(100 * 1024)}\r\nContent-Disposition: form-data; name="file"; filename="call.wav"\r\n\r\n`), wave, Buffer.from('\r\n--b--\r\n')])), status: 400, message: /^The multipart body is malformed: its boundaries or part headers cannot be read$/ },
  { name: 'a part that begins after the closing boundary', send: rawBody((wave) => Buffer.concat([Buffer.from(`--b--\r\n--b\r\nContent-Disposition: form-data; name="notes"\r\n\r\nx\r\n${filePart()}`), wave])), status: 400, message: /^The multipart body is malformed: a part begins after its closing boundary$/ },
  { name: 'a file name of 100 KB', send: rawUpload(`name="file"; filename="${long(100 * 1024)}.wav"`), status: 400, message: /^The multipart body is malformed: its boundaries or part headers cannot be read$/ },
  { name: 'a request line that is not HTTP', send: (_client, service) => asResponse(rawHttp(service.url, 'HELLO WORLD\r\n\r\n')), status: 400, message: /not well-formed HTTP\/1\.1/ },
  { name: 'a chunked upload with a broken chunk size', send: rawRequest('Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n', `10\r\n${filePart().slice(0, 16)}\r\nZZ\r\n`), status: 400, message: /not well-formed HTTP\/1\.1/ },

  // path ids and the list
  { name: 'cid not a number', send: read('/client/abc/process'), status: 400, message: /cid must be a positive integer/ },
  { name: 'cid negative', send: read('/client/-1/process'), status: 400, message: /cid must be a positive integer/ },
  { name: 'cid beyond 2^63', send: read('/client/99999999999999999999/process'), status: 400, message: /cid must be a positive integer/ },
  { name: 'pid 0', send: read('/client/{cid}/process/0'), status: 400, message: /pid must be a positive integer/ },
  { name: 'pid negative', send: read('/client/{cid}/process/-7'), status: 400, message: /pid must be a positive integer/ },
  { name: 'pid in exponent notation', send: read('/client/{cid}/process/1e3'), status: 400, message: /pid must be a positive integer/ },
  { name: 'pid beyond 2^63', send: read('/client/{cid}/process/9223372036854775808/result'), status: 400, message: /pid must be a positive integer/ },
  { name: 'pageSize 0', send: read('/client/{cid}/process?pageSize=0'), status: 400, message: /pageSize must be an integer from 1 to 1000/ },
  { name: 'status 5', send: read('/client/{cid}/process?status=5'), status: 400, message: /status must be one of/ },
  { name: 'from not a time', send: read('/client/{cid}/process?from=tomorrow'), status: 400, message: /from must be an ISO 8601 time/ },

  // URL submissions
  { name: 'url missing', send: byUrl(undefined), status: 400, message: /url is required/, field: 'url' },
  { name: 'url with ftp:', send: byUrl('ftp://example.org/a.wav'), status: 400, message: /url must be an http or https address/, field: 'url' },
  { name: 'url with file:', send: byUrl('file:///etc/passwd'), status: 400, message: /url must be an http or https address/, field: 'url' },
  { name: 'url with gopher:', send: byUrl('gopher://example.org/1'), status: 400, message: /url must be an http or https address/, field: 'url' },
  { name: 'url that is not a URL', send: byUrl('not a url'), status: 400, message: /url must be an http or https address/, field: 'url' },
];

/** Text that would break a careless SQL statement or HTML page. */
const INJECTIONS = {
  agentId: "'; DROP TABLE processes; --",
  agentTeam: '" OR 1=1 --',
  customerId: "Robert'); DELETE FROM clients;--",
  customerInd: '1; UPDATE processes SET status=2',
  campaignId: '<script>alert(document.cookie)</script>',
  name: '<img src=x onerror=alert(1)>',
  ANI: "' UNION SELECT token_hash FROM clients --",
  calltype: '${7*7}{{7*7}}',
  meta: '{"$where":"sleep(1000)","html":"</script><script>alert(1)</script>"}',
};

for (const kind of DATABASE_KINDS) describe(`hostile input on ${kind}: every bad request gets a 4xx that names the problem, never a 5xx, and leaves nothing behind`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let accepted = 0;

  const rows = async () => (await sql(db, 'SELECT pid FROM processes')).length;
  const files = () => service.store.keys();

  before(async () => {
    db = await createTestDatabase(kind);
    service = await startService({ env: { ...db.env, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES), MAX_CALL_SECONDS: String(MAX_CALL_SECONDS) } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  test(`the table holds at least 40 bad requests (${CASES.length})`, () => assert.ok(CASES.length >= 40));

  for (const c of CASES) {
    test(`${c.name} → ${c.status}`, async () => {
      const response = await c.send(client, service);
      assert.equal(response.status, c.status, JSON.stringify(response.body));
      assert.equal(response.body.code, c.status);
      assert.match(response.body.message, c.message);
      if (c.field) assert.ok(response.body.details?.some((d: { field: string }) => d.field === c.field), JSON.stringify(response.body));
      assert.equal(await rows(), accepted, 'no row was stored');
      assert.deepEqual(await files(), [], 'no file was stored');
    });
  }

  test('SQL and script injection in every text field is stored and returned verbatim, and harms nothing', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, { ...OK, ...INJECTIONS, tag: "a'b,<b>c</b>" });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    accepted++;
    for (const [field, value] of Object.entries(INJECTIONS)) assert.equal(response.body[field], value, field);
    const read = await client.process(response.body.pid);
    assert.equal(read.headers.get('content-type'), 'application/json; charset=utf-8');
    for (const [field, value] of Object.entries(INJECTIONS)) assert.equal(read.body[field], value, field);
    assert.deepEqual(read.body.tag, ["a'b", '<b>c</b>']);
    const listed = await client.list({ agentId: INJECTIONS.agentId });
    assert.deepEqual(listed.body.map((p: { pid: number }) => p.pid), [response.body.pid]);
    assert.equal((await client.settle(response.body.pid)).status, 2);
    assert.equal(Number((await sql(db, 'SELECT count(*) AS n FROM clients'))[0].n), 1);
  });

  test('accepted spellings: any-case direction, ISO time with offset, unknown parameters ignored', async () => {
    const response = await client.submitFile(fixture('pcm.wav').path, {
      channels: 2,
      calldirection: 'OutGoing',
      calltime: '2026-05-14T09:30:00+02:00',
      somethingWeDoNotKnow: 'kept out',
    });
    assert.equal(response.status, 200, JSON.stringify(response.body));
    accepted++;
    assert.equal(response.body.calldirection, 2);
    assert.equal(response.body.calltime, '2026-05-14T07:30:00Z');
    assert.ok(!('somethingWeDoNotKnow' in response.body));
  });

  test('an upload the client abandons half-way leaves no partial file and no row', async () => {
    const url = new URL(`${service.url}/client/${client.cid}/process/audio?channels=2&calldirection=1`);
    const boundary = 'abandoned-upload-boundary';
    const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const audio = readFileSync(fixture('pcm.wav').path);
    const req = request(url, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + audio.length + 64), 'x-auth-token': client.token },
    });
    req.on('error', () => undefined);
    req.write(head);
    req.write(audio.subarray(0, audio.length / 2));
    const partials = async () => (await service.store.keys('.incoming/')).length > 0;
    // On the disk the partial file shows; an object store shows nothing of an upload until it is complete.
    if (service.store.driver === 'file') await waitFor(partials, 5000);
    else await new Promise((r) => setTimeout(r, 1000));
    req.destroy();
    await waitFor(async () => !(await partials()), 5000);
  });

  test('nothing of a refused request stays: one row and one file per accepted call', async () => {
    assert.equal(await rows(), accepted);
    assert.equal((await files()).length, accepted, (await files()).join(', '));
    assert.doesNotMatch(service.logs(), /"level":"error"/);
  });
});
