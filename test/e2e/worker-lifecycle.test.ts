import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { AudioServer, sendFile } from '../support/audio-server';
import { FAILURE_REASONS } from '../../src/process/failure-reason';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { bytesFixture, fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const CALL = { channels: 2, calldirection: 2 };

/** A FLAC whose header is intact but whose audio frames are all zero bytes. */
function flacWithoutAudio(): string {
  const bytes = Buffer.from(readFileSync(fixture('call.flac').path));
  let offset = 4;
  for (let last = false; !last; ) {
    last = (bytes[offset] & 0x80) !== 0;
    offset += 4 + bytes.readUIntBE(offset + 1, 3);
  }
  bytes.fill(0, offset);
  return bytesFixture('no-audio-frames.flac', bytes);
}

describe('the worker: statuses, retries and failures', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  const server = new AudioServer();

  before(async () => {
    await server.start();
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '400', URL_MAX_BYTES: '1000000', URL_ALLOWED_NETWORKS: '127.0.0.0/8', MAX_CALL_SECONDS: '60' } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await server.stop();
    await db?.drop();
  });

  test('audio that cannot be decoded: 400 when uploaded; by URL it ends at -2 at once, and its result is 409', async () => {
    const uploaded = await client.submitFile(flacWithoutAudio(), CALL);
    assert.equal(uploaded.status, 400, JSON.stringify(uploaded.body));
    assert.match(uploaded.body.message, /^The uploaded file is not decodable audio: nothing after its header decodes/);
    const submitted = await client.submitUrl({ ...CALL, url: server.route('/calls/no-audio.flac', sendFile(flacWithoutAudio())) });
    assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
    const done = await client.settle(submitted.body.pid);
    assert.equal(done.status, -2);
    assert.match(done.statusmsg, /^The downloaded file is not decodable audio: nothing after its header decodes/);
    const result = await client.result(submitted.body.pid);
    assert.equal(result.status, 409);
    assert.equal(result.body.message, `Cannot send results for Process with pid ${submitted.body.pid}. The reason is: ${done.statusmsg}`);
  });

  test('a URL submission is downloaded by the worker and completes', async () => {
    const url = server.route('/calls/ok.mp3', sendFile(fixture('call.mp3').path));
    const submitted = await client.submitUrl({ ...CALL, url });
    assert.equal(submitted.status, 200);
    assert.equal(submitted.body.mode, 1);
    assert.equal(submitted.body.source, url);
    const done = await client.settle(submitted.body.pid);
    assert.equal(done.status, 2, done.statusmsg);
    assert.ok(Math.abs(done.duration - 3.5) < 0.06, String(done.duration));
  });

  test('while a call waits or runs, its result is 503 with Retry-After', async () => {
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const url = server.route('/calls/slow.wav', (request, response) => void gate.then(() => sendFile(fixture('pcm.wav').path)(request, response)));
    const submitted = await client.submitUrl({ ...CALL, url });
    await waitFor(() => server.hits.get('/calls/slow.wav') === 1, 10_000);
    const process = await client.process(submitted.body.pid);
    assert.equal(process.body.status, 1);
    assert.equal(process.body.statusmsg, 'Processing');
    const early = await client.result(submitted.body.pid);
    assert.equal(early.status, 503);
    assert.equal(early.body.message, `Cannot send results for Process with pid ${submitted.body.pid}. The reason is: Waiting for result`);
    assert.ok(Number(early.headers.get('retry-after')) > 0);
    release();
    assert.equal((await client.settle(submitted.body.pid)).status, 2);
  });

  test('a transient failure shows -1, is retried with backoff, and completes', async () => {
    const url = server.route('/calls/flaky.wav', (request, response, hit) =>
      hit <= 2 ? response.writeHead(503).end('busy') : sendFile(fixture('pcm.wav').path)(request, response),
    );
    const submitted = await client.submitUrl({ ...CALL, url });
    const seen = new Set<number>();
    let last: any;
    await waitFor(async () => {
      last = (await client.process(submitted.body.pid)).body;
      seen.add(last.status);
      return last.status === 2 || last.status === -2;
    }, 20_000);
    assert.equal(last.status, 2, last.statusmsg);
    assert.ok(seen.has(-1), `statuses seen: ${[...seen].join(', ')}`);
    assert.equal(server.hits.get('/calls/flaky.wav'), 3);
  });

  test('a failure that persists ends at -2 after the configured attempts, with the reason', async () => {
    const url = server.route('/calls/down.wav', (_request, response) => response.writeHead(503).end('busy'));
    const submitted = await client.submitUrl({ ...CALL, url });
    const done = await client.settle(submitted.body.pid, 20_000);
    assert.equal(done.status, -2);
    assert.equal(done.statusmsg, 'Processing failed after 3 attempts: Download failed: the server answered HTTP 503');
    assert.equal(server.hits.get('/calls/down.wav'), 3);
  });

  test('a URL that is not found, or not audio, ends at -2 without retrying', async () => {
    const missing = await client.submitUrl({ ...CALL, url: server.route('/calls/gone.wav', (_q, r) => r.writeHead(404).end()) });
    const text = await client.submitUrl({ ...CALL, url: server.route('/calls/page.wav', (_q, r) => r.writeHead(200).end('<html>hello</html>'.repeat(50))) });
    const mono = await client.submitUrl({ ...CALL, url: server.route('/calls/mono.wav', sendFile(fixture('mono.wav').path)) });
    assert.match((await client.settle(missing.body.pid)).statusmsg, /^Download failed: the server answered HTTP 404$/);
    assert.match((await client.settle(text.body.pid)).statusmsg, /The downloaded file is not audio/);
    assert.match((await client.settle(mono.body.pid)).statusmsg, /channels is 2 but the file has 1 channel$/);
    assert.equal(server.hits.get('/calls/gone.wav'), 1);
    assert.equal(server.hits.get('/calls/page.wav'), 1);
  });

  test('a download over the size limit ends at -2 and leaves no file behind', async () => {
    const big = bytesFixture('two-megabytes.wav', Buffer.alloc(2_000_000, 1));
    const submitted = await client.submitUrl({ ...CALL, url: server.route('/calls/big.wav', sendFile(big)) });
    const done = await client.settle(submitted.body.pid);
    assert.equal(done.status, -2);
    assert.equal(done.statusmsg, 'Download refused: the file is larger than the limit of 1000000 bytes');
    assert.deepEqual(readdirSync(`${service.storageDir}/downloads`), []);
  });

  test('a call longer than MAX_CALL_SECONDS is refused at submission (400), by URL when downloaded (-2), or at decoding when no header states its length (-2)', async () => {
    const path = `${service.storageDir}/../ninety-seconds-${process.pid}.wav`;
    execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', path, 'synth', '90', 'sine', '300', 'sine', '500']);
    const refused = await client.submitFile(path, CALL);
    assert.equal(refused.status, 400);
    assert.equal(refused.body.message, 'The call is 90 seconds long; the limit is 60 seconds');
    const compressed = path.replace(/\.wav$/, '.mp3');
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', path, '-c:a', 'libmp3lame', '-b:a', '32k', compressed]);
    const byUrl = await client.submitUrl({ ...CALL, url: server.route('/calls/long.mp3', sendFile(compressed)) });
    const done = await client.settle(byUrl.body.pid);
    assert.equal(done.status, -2);
    assert.match(done.statusmsg, /^The call is 90 seconds long; the limit is 60 seconds$/, 'a download is checked as an upload is');
    // FLAC written to a pipe states no length in its header: the decoder's limit stops it.
    const unstated = path.replace(/\.wav$/, '-piped.flac');
    writeFileSync(unstated, execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', path, '-f', 'flac', 'pipe:1']));
    const byUrlUnstated = await client.submitUrl({ ...CALL, url: server.route('/calls/long.flac', sendFile(unstated)) });
    const decoded = await client.settle(byUrlUnstated.body.pid);
    assert.equal(decoded.status, -2);
    assert.match(decoded.statusmsg, /longer than the limit of 60 seconds/);
  });

  test('/metrics reports requests by route pattern, processing, audio seconds, failures and the queue', async () => {
    const text = await (await fetch(`${service.url}/metrics`)).text();
    const value = (pattern: RegExp) => Number(pattern.exec(text)?.[1] ?? NaN);
    assert.ok(value(/^http_request_duration_seconds_count\{method="POST",route="\/client\/:cid\/process\/url",status="200"\} (\d+)/m) >= 5, 'URL submissions counted under their pattern');
    assert.ok(!/route="\/client\/\d/.test(text), 'raw paths never become labels');
    assert.ok(value(/^oliver_processing_duration_seconds_count (\d+)/m) >= 3);
    assert.ok(value(/^oliver_audio_seconds_processed_total ([\d.]+)/m) >= 10);
    // Each failure by what became of the attempt and by why it failed, from the tests above.
    const failures = new Map<string, number>();
    for (const [, labels, count] of text.matchAll(/^oliver_process_failures_total\{([^}]*)\} (\d+)/gm)) {
      const label = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(labels)?.[1];
      assert.ok(['aborted', 'retried', 'attempts-exhausted', 'outage'].includes(label('outcome')!), labels);
      assert.ok((FAILURE_REASONS as readonly string[]).includes(label('reason')!), `a reason of the fixed set: ${labels}`);
      failures.set(`${label('outcome')} ${label('reason')}`, Number(count));
    }
    const expected = {
      'aborted undecodable': 1,
      'aborted unsupported_format': 1,
      'aborted channel_mismatch': 1,
      'aborted download_failed': 1,
      'aborted download_refused': 1,
      'aborted too_long': 2,
      'retried download_failed': 4,
      'attempts-exhausted download_failed': 1,
    };
    for (const [key, least] of Object.entries(expected)) assert.ok((failures.get(key) ?? 0) >= least, `${key}: ${failures.get(key)} in ${JSON.stringify([...failures])}`);
    assert.match(text, /^oliver_queue_jobs\{state="waiting"\} \d+/m);
    assert.match(text, /^process_resident_memory_bytes \d+/m);
  });
});
