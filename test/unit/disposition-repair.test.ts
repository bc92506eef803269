import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer as collect } from 'node:stream/consumers';
import { describe, test } from 'node:test';
import busboy from 'busboy';
import { boundaryOf, decodableExtValue, DispositionRepair, PartAfterClose, repairDisposition } from '../../src/upload/disposition-repair';

describe('a filename* that cannot be decoded falls back to filename (RFC 6266 §4.3)', () => {
  for (const [header, expected] of [
    [`form-data; name="file"; filename="call.wav"; filename*=UTF-8''%ZZ.wav`, 'form-data; name="file"; filename="call.wav"'],
    [`form-data; name="file"; filename*=UTF-8''%ZZ.wav; filename="call.wav"`, 'form-data; name="file"; filename="call.wav"'],
    [`form-data; name="file"; filename*=UTF-8''%ZZ.wav`, 'form-data; name="file"; filename="upload"'],
    [`form-data; name="file"; filename*=UTF-8''%FF%FE.wav; filename="call.wav"`, 'form-data; name="file"; filename="call.wav"'],
    [`form-data; name="file"; filename*=x-nobody-knows''call.wav; filename="call.wav"`, 'form-data; name="file"; filename="call.wav"'],
    [`form-data; name="file"; filename*=call.wav; filename="call.wav"`, 'form-data; name="file"; filename="call.wav"'],
  ]) {
    test(header, () => assert.equal(repairDisposition(header), expected));
  }

  test('a decodable filename* and everything else is left as written', () => {
    for (const header of [
      `form-data; name="file"; filename="call.wav"; filename*=UTF-8''r%C3%A9union.wav`,
      `form-data; name="file"; filename*=ISO-8859-1''r%E9union.wav`,
      `form-data; name="file"; filename*=utf-8'fr'%22cit%C3%A9%22.wav`,
      'form-data; name="file"; filename="a;b=c.wav"',
      'form-data; name="notes"',
      'form-data; name="file"; filename=call%22.wav',
    ]) {
      assert.equal(repairDisposition(header), header);
    }
  });

  test('ext-values: the RFC 8187 grammar, a known charset, valid UTF-8', () => {
    assert.equal(decodableExtValue("UTF-8''%e2%82%ac%20rates.wav"), true);
    assert.equal(decodableExtValue("UTF-8'en'plain.wav"), true);
    assert.equal(decodableExtValue("UTF-8''%ZZ.wav"), false);
    assert.equal(decodableExtValue("UTF-8''%C3.wav"), false, 'a UTF-8 sequence cut short');
    assert.equal(decodableExtValue("UTF-8''with space.wav"), false);
    assert.equal(decodableExtValue('"UTF-8\'\'quoted.wav"'), false);
  });
});

describe("a browser's %22 in a quoted filename is a quote (HTML's multipart/form-data encoding)", () => {
  test('decoded in the filename that names the file', () => {
    assert.equal(repairDisposition('form-data; name="file"; filename="my %22best%22 call.wav"'), 'form-data; name="file"; filename="my \\"best\\" call.wav"');
  });
  test('and in the filename a broken filename* falls back to', () => {
    assert.equal(repairDisposition(`form-data; name="file"; filename="%22q%22.wav"; filename*=UTF-8''%ZZ`), 'form-data; name="file"; filename="\\"q\\".wav"');
  });
  test('not when a good filename* names the file', () => {
    const header = `form-data; name="file"; filename="%22q%22.wav"; filename*=UTF-8''q.wav`;
    assert.equal(repairDisposition(header), header);
  });
});

describe('the multipart body through the repair, as busboy reads it', () => {
  const boundary = 'x-boundary';
  const content = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(3000, 13), Buffer.from(`\r\n--${boundary.slice(0, 5)}`), Buffer.alloc(3000, 7)]);
  const body = Buffer.concat([
    Buffer.from(`preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="notes"\r\n\r\nsome notes\r\n`),
    Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="%22a%22.wav"; filename*=UTF-8''%ZZ.wav\r\nContent-Type: audio/wav\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\nepilogue`),
  ]);

  async function parse(chunkSize: number) {
    const parser = busboy({ headers: { 'content-type': `multipart/form-data; boundary="${boundary}"` }, preservePath: true, defParamCharset: 'utf8' });
    const files: { field: string; name: string | undefined; bytes: Buffer }[] = [];
    const fields: [string, string][] = [];
    parser.on('file', (field, file, { filename }) => void collect(file).then((bytes) => files.push({ field, name: filename, bytes })));
    parser.on('field', (name, value) => fields.push([name, value]));
    const done = new Promise((resolve, reject) => parser.on('close', resolve).on('error', reject));
    const chunks = Array.from({ length: Math.ceil(body.length / chunkSize) }, (_, i) => body.subarray(i * chunkSize, (i + 1) * chunkSize));
    Readable.from(chunks).pipe(new DispositionRepair(boundaryOf(`multipart/form-data; boundary="${boundary}"`))).pipe(parser);
    await done;
    await new Promise((resolve) => setImmediate(resolve));
    return { files, fields };
  }

  for (const chunkSize of [1, 2, 7, 13, 64, 1000, 100_000]) {
    test(`in chunks of ${chunkSize} bytes: the file kept with the fallback name, its bytes and the other part intact`, async () => {
      const { files, fields } = await parse(chunkSize);
      assert.deepEqual(fields, [['notes', 'some notes']]);
      assert.equal(files.length, 1);
      assert.equal(files[0].name, '"a".wav');
      assert.ok(files[0].bytes.equals(content));
    });
  }

  test('without the repair busboy skips the part, and the file is lost', async () => {
    const parser = busboy({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    let files = 0;
    parser.on('file', (_field, file) => {
      files++;
      file.resume();
    });
    await new Promise((resolve, reject) => parser.on('close', resolve).on('error', reject).end(body));
    assert.equal(files, 0);
  });

  test('a part after the closing boundary is an error, in any chunking; an epilogue without one is passed on', async () => {
    const late = Buffer.from('--b--\r\n--b\r\nContent-Disposition: form-data; name="notes"\r\n\r\nx\r\n--b--\r\n');
    for (const size of [1, 3, 1000]) {
      const chunks = Array.from({ length: Math.ceil(late.length / size) }, (_, i) => late.subarray(i * size, (i + 1) * size));
      await assert.rejects(collect(Readable.from(chunks).pipe(new DispositionRepair('b'))), PartAfterClose);
    }
    const fine = Buffer.from('--b\r\nContent-Disposition: form-data; name="notes"\r\n\r\nx\r\n--b--\r\nan epilogue\r\n\r\nmore');
    assert.ok((await collect(Readable.from([fine]).pipe(new DispositionRepair('b')))).equals(fine));
  });
});
