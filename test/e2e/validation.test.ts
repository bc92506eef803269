import assert from 'node:assert/strict';
import { openAsBlob, readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { bytesFixture, fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const MAX_UPLOAD_BYTES = 200_000;
const OK = { channels: 2, calldirection: 1 };

/** A copy of a real WAV with some header bytes changed. */
function patchedWave(name: string, patch: (bytes: Buffer) => void): string {
  const bytes = Buffer.from(readFileSync(fixture('pcm.wav').path));
  patch(bytes);
  return bytesFixture(name, bytes);
}

interface Case {
  name: string;
  params?: Record<string, string | number | undefined>;
  rawQuery?: string;
  file?: () => string;
  status: number;
  message: RegExp;
  field?: string;
}

const long = (n: number) => 'x'.repeat(n);

const CASES: Case[] = [
  { name: 'channels missing', params: { calldirection: 1 }, status: 400, message: /channels is required/, field: 'channels' },
  { name: 'channels 3', params: { ...OK, channels: 3 }, status: 400, message: /channels must be one of 1, 2/, field: 'channels' },
  { name: 'channels not a number', params: { ...OK, channels: 'two' }, status: 400, message: /channels must be one of 1, 2/, field: 'channels' },
  { name: 'channels repeated', rawQuery: 'channels=2&channels=1&calldirection=1', status: 400, message: /channels must be given only once/, field: 'channels' },
  { name: 'calldirection missing', params: { channels: 2 }, status: 400, message: /calldirection is required/, field: 'calldirection' },
  { name: 'calldirection 3', params: { ...OK, calldirection: 3 }, status: 400, message: /calldirection must be one of 1, 2, incoming, outgoing/, field: 'calldirection' },
  { name: 'calldirection unknown word', params: { ...OK, calldirection: 'sideways' }, status: 400, message: /calldirection must be one of/, field: 'calldirection' },
  { name: 'calltime not a date', params: { ...OK, calltime: 'yesterday' }, status: 400, message: /calltime must be an ISO 8601 time or MM\/DD\/YYYY HH:MM:SS/, field: 'calltime' },
  { name: 'calltime 30 February', params: { ...OK, calltime: '02/30/2026 10:00:00' }, status: 400, message: /calltime must be/, field: 'calltime' },
  { name: 'calltime month 13', params: { ...OK, calltime: '2026-13-01T00:00:00Z' }, status: 400, message: /calltime must be/, field: 'calltime' },
  { name: 'timezone 15', params: { ...OK, timezone: 15 }, status: 400, message: /timezone must be an integer from -12 to 14/, field: 'timezone' },
  { name: 'timezone fractional', params: { ...OK, timezone: '1.5' }, status: 400, message: /timezone must be an integer/, field: 'timezone' },
  { name: 'agentId too long', params: { ...OK, agentId: long(257) }, status: 400, message: /agentId must be at most 256 characters/, field: 'agentId' },
  { name: 'agentId with a NUL character', params: { ...OK, agentId: 'a\u0000b' }, status: 400, message: /agentId must not contain NUL characters/, field: 'agentId' },
  { name: 'ANI too long', params: { ...OK, ANI: long(300) }, status: 400, message: /ANI must be at most 256 characters/, field: 'ANI' },
  { name: 'tag with too many items', params: { ...OK, tag: Array.from({ length: 101 }, (_, i) => `t${i}`).join(',') }, status: 400, message: /tag must be a comma-separated list of at most 100 items/, field: 'tag' },
  { name: 'meta over 10 KiB', params: { ...OK, meta: long(10 * 1024 + 1) }, status: 400, message: /meta must be at most 10240 bytes/, field: 'meta' },
  { name: 'tasks not JSON', params: { ...OK, tasks: 'diarization' }, status: 400, message: /tasks must be a JSON array/, field: 'tasks' },
  { name: 'tasks a JSON object', params: { ...OK, tasks: '{"name":"x"}' }, status: 400, message: /tasks must be a JSON array/, field: 'tasks' },
  { name: 'agentChannel 2', params: { ...OK, agentChannel: 2 }, status: 400, message: /agentChannel must be an integer from 0 to 1/, field: 'agentChannel' },
  { name: 'channels disagree with the file', params: { ...OK, channels: 1 }, status: 400, message: /channels is 1 but the file has 2 channels/, field: 'channels' },
  { name: 'a text file', file: () => bytesFixture('notes.wav', Buffer.from('hello, this is not audio\n'.repeat(20))), status: 415, message: /not audio \(its content looks like text\)/ },
  { name: 'a PDF named .mp3', file: () => bytesFixture('report.mp3', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(2000, 0x41)])), status: 415, message: /not audio \(its content looks like application\/pdf\)/ },
  { name: 'random bytes named .wav', file: () => bytesFixture('noise.wav', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251))), status: 415, message: /not audio/ },
  { name: 'an empty file', file: () => bytesFixture('empty.wav', Buffer.alloc(0)), status: 400, message: /The uploaded file is empty/ },
  { name: 'a WAV header with 0 channels', file: () => patchedWave('zero-channels.wav', (b) => b.writeUInt16LE(0, 22)), status: 400, message: /not decodable audio/ },
  { name: 'a WAV header with an absurd sample rate', file: () => patchedWave('absurd-rate.wav', (b) => b.writeUInt32LE(4_000_000_000, 24)), status: 400, message: /not decodable audio/ },
  { name: 'a WAV header that claims more audio than it holds', file: () => patchedWave('lying-size.wav', (b) => { b.writeUInt32LE(0x7fff0000, 4); b.writeUInt32LE(0x7ff00000, 40); }), status: 400, message: /not decodable audio/ },
  { name: 'a file over the size limit', file: () => bytesFixture('big.wav', Buffer.concat([readFileSync(fixture('pcm.wav').path), Buffer.alloc(MAX_UPLOAD_BYTES)])), status: 413, message: /larger than the limit of 200000 bytes/ },
];

describe('validation: every bad submission gets a 4xx that names the problem, and leaves nothing behind', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let accepted = 0;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, MAX_UPLOAD_BYTES: String(MAX_UPLOAD_BYTES) } });
    client = OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  for (const c of CASES) {
    test(`${c.name} → ${c.status}`, async () => {
      const response = await client.submitFile(c.file?.() ?? fixture('pcm.wav').path, c.params ?? OK, { rawQuery: c.rawQuery });
      assert.equal(response.status, c.status, JSON.stringify(response.body));
      assert.equal(response.body.code, c.status);
      assert.match(response.body.message, c.message);
      if (c.field) assert.ok(response.body.details.some((d: { field: string }) => d.field === c.field), JSON.stringify(response.body));
    });
  }

  test('no file field → 400 naming "file"', async () => {
    const form = new FormData();
    form.append('other', 'value');
    const response = await client.submitForm(form, OK);
    assert.equal(response.status, 400);
    assert.match(response.body.message, /The multipart field "file" is required/);
  });

  test('two file fields → 400', async () => {
    const form = new FormData();
    const blob = await openAsBlob(fixture('pcm.wav').path);
    form.append('file', blob, 'a.wav');
    form.append('file', blob, 'b.wav');
    const response = await client.submitForm(form, OK);
    assert.equal(response.status, 400);
    assert.match(response.body.message, /exactly one "file" field/);
  });

  test('a body that is not multipart → 400', async () => {
    const response = await fetch(`${service.url}/client/${client.cid}/process/audio?channels=2&calldirection=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': client.token },
      body: '{"file":"x"}',
    });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { message: string }).message, /must be multipart\/form-data/);
  });

  for (const [path, message] of [
    ['/client/abc/process', /cid must be a positive integer/],
    ['/client/-1/process', /cid must be a positive integer/],
    ['/client/99999999999999999999/process', /cid must be a positive integer/],
    ['/client/{cid}/process/0', /pid must be a positive integer/],
    ['/client/{cid}/process/1e3', /pid must be a positive integer/],
    ['/client/{cid}/process?pageSize=0', /pageSize must be an integer from 1 to 1000/],
    ['/client/{cid}/process?status=5', /status must be one of/],
    ['/client/{cid}/process?from=tomorrow', /from must be an ISO 8601 time/],
  ] as const) {
    test(`GET ${path} → 400`, async () => {
      const response = await client.get(path.replace('{cid}', String(client.cid)));
      assert.equal(response.status, 400);
      assert.match(response.body.message, message);
    });
  }

  test('url submissions: missing, or not http(s) → 400', async () => {
    for (const url of [undefined, 'ftp://example.org/a.wav', 'file:///etc/passwd', 'gopher://x', 'not a url']) {
      const response = await client.submitUrl({ ...OK, url });
      assert.equal(response.status, 400, `${url}: ${JSON.stringify(response.body)}`);
      assert.match(response.body.message, /url/);
    }
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
    const { request } = await import('node:http');
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
    await waitFor(() => readdirSync(`${service.storageDir}/.incoming`, { recursive: true }).some((name) => String(name).endsWith('.part')), 5000);
    req.destroy();
    await waitFor(() => !readdirSync(`${service.storageDir}/.incoming`, { recursive: true }).some((name) => String(name).endsWith('.part')), 5000);
  });

  test('nothing of a refused request stays: one row and one file per accepted call', async () => {
    const rows = await sql(db, 'SELECT pid FROM processes');
    assert.equal(rows.length, accepted);
    const files = readdirSync(service.storageDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.equal(files.length, accepted, files.map((f) => f.name).join(', '));
  });
});
