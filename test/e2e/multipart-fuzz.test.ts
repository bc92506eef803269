import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { call, OliverClient, query } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const BOUNDARY = 'fuzz-boundary';
/** A crash fails every later run too, so the first failing body is reported as it was, not shrunk. */
const RUNS = { endOnFailure: true };
const CRLF = '\r\n';
const wave = () => readFileSync(fixture('pcm.wav').path);

/** The lines that open, separate or close parts, right and wrong. */
const boundaryLine = fc.constantFrom(
  `--${BOUNDARY}${CRLF}`,
  `${CRLF}--${BOUNDARY}${CRLF}`,
  `--${BOUNDARY}--${CRLF}`,
  `--${BOUNDARY}`,
  `--${BOUNDARY}  ${CRLF}`,
  `--other-boundary${CRLF}`,
  `-${BOUNDARY}${CRLF}`,
  `--${BOUNDARY}\n`,
  '',
);

const MEGABYTE_LINE = `X-Padding: ${'x'.repeat(1024 * 1024)}${CRLF}`;
/** One header line of a part: the file, a field, a field carrying a file name, broken ones, a 1 MB one. */
const headerLine = fc.constantFrom(
  `Content-Disposition: form-data; name="file"; filename="call.wav"${CRLF}`,
  `Content-Disposition: form-data; name="file"${CRLF}`,
  `Content-Disposition: form-data; name="notes"; filename="notes.wav"${CRLF}`,
  `Content-Disposition: form-data; name="notes"${CRLF}`,
  `Content-Disposition: attachment; name="file"; filename="call.wav"${CRLF}`,
  `Content-Disposition: form-data; name="file"; filename=""${CRLF}`,
  `Content-Disposition: form-data; name="file"; filename="call.wav${CRLF}`,
  `Content-Disposition: form-data; name=file; filename*=UTF-8''c%E2%80%AEall.wav${CRLF}`,
  `Content-Disposition${CRLF}`,
  `: form-data${CRLF}`,
  `Content-Type: audio/wav${CRLF}`,
  `Content-Type: multipart/mixed; boundary=inner${CRLF}`,
  `Content-Transfer-Encoding: base64${CRLF}`,
  `Content-Disposition: form-data; name="file"; filename="a\rb.wav"${CRLF}`,
  MEGABYTE_LINE,
);

/** What a part carries: audio, text, nothing, or a multipart body of its own. */
const content = fc.constantFrom<'audio' | 'text' | 'empty' | 'nested' | 'half-audio'>('audio', 'text', 'empty', 'nested', 'half-audio');
const contentBytes = (kind: string): Buffer => {
  if (kind === 'audio') return wave();
  if (kind === 'half-audio') return wave().subarray(0, 20_000);
  if (kind === 'text') return Buffer.from('just some words');
  if (kind === 'nested') {
    return Buffer.from(`--inner${CRLF}Content-Disposition: form-data; name="file"; filename="inner.wav"${CRLF}${CRLF}RIFF....${CRLF}--${BOUNDARY}${CRLF}--inner--${CRLF}`);
  }
  return Buffer.alloc(0);
};

/** A body whose counterexample reads as text, audio and long lines elided. */
function shown(bytes: Buffer): Buffer {
  const text = bytes.toString('latin1').replace(/RIFF[^]*?(?=\r\n--|$)/g, (audio) => `<${audio.length} bytes of audio>`).replace(/x{100,}/g, (run) => `<${run.length} x>`);
  return Object.assign(bytes, { [fc.toStringMethod]: () => JSON.stringify(text) });
}

/** A part: its opening line, its header lines (the blank line may be missing), its content. */
const part = fc.record({
  opening: boundaryLine,
  headers: fc.array(headerLine, { maxLength: 4 }),
  blankLine: fc.boolean(),
  content,
});
type Part = typeof part extends fc.Arbitrary<infer T> ? T : never;

const partBytes = (p: Part) => Buffer.concat([Buffer.from(p.opening + p.headers.join('') + (p.blankLine ? CRLF : '')), contentBytes(p.content)]);

/**
 * A whole body: a preamble, parts in any order, a closing line (or none, or
 * early), an epilogue; then perhaps cut anywhere.
 */
const body = fc
  .record({
    preamble: fc.constantFrom('', 'preamble text\r\n', '\r\n'),
    parts: fc.array(part, { maxLength: 4 }),
    closing: fc.constantFrom(`${CRLF}--${BOUNDARY}--${CRLF}`, `${CRLF}--${BOUNDARY}--`, `${CRLF}--${BOUNDARY}${CRLF}`, CRLF, ''),
    closingAt: fc.noBias(fc.nat(4)),
    epilogue: fc.constantFrom('', 'epilogue', `${CRLF}--${BOUNDARY}${CRLF}`),
    // Where to cut, in ten-thousandths of the body (doubles crowd near 0).
    cutAt: fc.option(fc.noBias(fc.nat(10_000)), { nil: undefined }),
  })
  .map((b) => {
    const pieces = b.parts.map(partBytes);
    // The closing line may come before some of the parts.
    pieces.splice(b.closingAt % (pieces.length + 1), 0, Buffer.from(b.closing));
    const whole = Buffer.concat([Buffer.from(b.preamble), ...pieces, Buffer.from(b.epilogue)]);
    return shown(b.cutAt === undefined ? whole : whole.subarray(0, Math.floor((whole.length * b.cutAt) / 10_000)));
  });

/** A well-formed upload of the file, to be broken in one place only. */
const nearlyRight = fc
  .record({
    before: fc.array(part, { maxLength: 2 }),
    fileHeaders: fc.shuffledSubarray([`Content-Disposition: form-data; name="file"; filename="call.wav"${CRLF}`, `Content-Type: audio/wav${CRLF}`], { minLength: 1 }),
    closing: fc.constantFrom(`${CRLF}--${BOUNDARY}--${CRLF}`, `${CRLF}--${BOUNDARY}--`, ''),
    cutAt: fc.option(fc.noBias(fc.nat()), { nil: undefined }),
  })
  .map((b) => {
    const file = Buffer.from(`--${BOUNDARY}${CRLF}${b.fileHeaders.join('')}${CRLF}`);
    const whole = Buffer.concat([...b.before.map(partBytes), b.before.length > 0 ? Buffer.from(CRLF) : Buffer.alloc(0), file, wave(), Buffer.from(b.closing)]);
    return shown(b.cutAt === undefined ? whole : whole.subarray(0, b.cutAt % (whole.length + 1)));
  });

for (const kind of DATABASE_KINDS) describe(`fuzzing the multipart structure of an upload, on ${kind}`, () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let accepted = 0;

  before(async () => {
    db = await createTestDatabase(kind);
    // The API alone: what is fuzzed is the receiving, and accepted calls need no worker.
    service = await startService({ role: 'api', env: { ...db.env, RATE_LIMIT: '100000' } });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  const rows = async () => (await sql(db, 'SELECT pid FROM processes')).length;
  const files = async () => (await service.store.keys()).length;

  /** Sends the body; asserts a 200 or a 4xx in the contract's body, and that a refusal left nothing. */
  const send = async (bytes: Buffer, contentType = `multipart/form-data; boundary=${BOUNDARY}`) => {
    const response = await call(`${service.url}/client/${client.cid}/process/audio?${query({ channels: 2, calldirection: 1 })}`, {
      method: 'POST',
      headers: { 'content-type': contentType, 'x-auth-token': client.token },
      body: bytes,
    }).catch((error: Error) => {
      throw new Error(`No answer to ${fc.stringify(bytes)}; the service said:\n${service.logs().slice(-2000)}`, { cause: error });
    });
    const shown = `${response.status} ${JSON.stringify(response.body)} for ${fc.stringify(bytes)}`;
    if (response.status === 200) accepted++;
    else {
      assert.ok(response.status >= 400 && response.status < 500, shown);
      assert.equal(response.body.code, response.status, shown);
      assert.equal(typeof response.body.message, 'string', shown);
    }
    assert.equal(await rows(), accepted, `a row per accepted call: ${shown}`);
    assert.equal(await files(), accepted, `a file per accepted call: ${shown}`);
  };

  test('any arrangement of boundaries, part headers and contents, cut anywhere: 200 or a 4xx, and the service stays up', async () => {
    await fc.assert(fc.asyncProperty(body, (bytes) => send(bytes)), { ...RUNS, numRuns: 120, seed: 20261130 });
  });

  test('a right upload broken in one place: 200 or a 4xx, and the service stays up', async () => {
    await fc.assert(fc.asyncProperty(nearlyRight, (bytes) => send(bytes)), { ...RUNS, numRuns: 60, seed: 12 });
  });

  test('odd boundary parameters: 200 or a 4xx', async () => {
    const boundaryParameter = fc.constantFrom('', 'boundary=', `boundary="${BOUNDARY}"`, `boundary=${'b'.repeat(300)}`, 'boundary=a;boundary=b', `boundary=${BOUNDARY}; charset=utf-8`, `charset=utf-8`);
    await fc.assert(fc.asyncProperty(boundaryParameter, nearlyRight, (parameter, bytes) => send(bytes, `multipart/form-data; ${parameter}`)), { ...RUNS, numRuns: 30, seed: 5 });
  });

  test('a small upload cut before its closing boundary, 200 times: never a file left behind', async () => {
    // All of it arrives at once, so the refusal can come while the file is still being opened.
    const cut = Buffer.concat([Buffer.from(`--${BOUNDARY}${CRLF}Content-Disposition: form-data; name="file"; filename="call.wav"${CRLF}${CRLF}`), wave().subarray(0, 20_000)]);
    for (let i = 0; i < 200; i++) await send(cut);
  });

  test('the service is still up and logged no error; refused requests left nothing', async () => {
    assert.equal((await call(`${service.url}/health/live`)).status, 200);
    assert.ok(accepted > 0, 'some of the bodies were right, and were accepted');
    assert.doesNotMatch(service.logs(), /Unhandled|"level":"(error|fatal)"/);
    assert.equal(await rows(), accepted);
    assert.equal(await files(), accepted);
  });
});
