import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { decodePcm, decodeWithFfmpeg, type DecodeOptions } from '../../src/analysis/pcm-decoder';
import { DomainError, DomainErrorCode } from '../../src/common/domain-error';
import { readPlainWave, readWaveSamples } from '../../src/analysis/wave-samples';
import { recording } from '../support/recordings';
import { bytesFixture, fixture, transcoded } from '../support/fixtures';

const options = (file: string, channels: 1 | 2, maxSeconds = 3600): DecodeOptions => ({ ffmpegPath: 'ffmpeg', file, sampleRate: 8000, channels, timeoutMs: 60_000, maxSeconds });

async function collect(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

interface WaveParts {
  tag: number;
  channels: number;
  bits: number;
  data: Buffer;
  rate?: number;
  /** Write the format as WAVE_FORMAT_EXTENSIBLE with `tag` as its sub-format. */
  extensible?: boolean;
  /** A data size of 0xFFFFFFFF, as recorders that stream their output leave it. */
  openEnded?: boolean;
  /** Bytes of another chunk after the data. */
  trailer?: Buffer;
}

/** A WAV file built byte by byte, for layouts the tools do not write. */
function waveFile({ tag, channels, bits, data, rate = 8000, extensible, openEnded, trailer = Buffer.alloc(0) }: WaveParts): Buffer {
  const blockAlign = (channels * bits) / 8;
  const fmt = Buffer.alloc(extensible ? 40 : 16);
  fmt.writeUInt16LE(extensible ? 0xfffe : tag, 0);
  fmt.writeUInt16LE(channels, 2);
  fmt.writeUInt32LE(rate, 4);
  fmt.writeUInt32LE(rate * blockAlign, 8);
  fmt.writeUInt16LE(blockAlign, 12);
  fmt.writeUInt16LE(bits, 14);
  if (extensible) {
    fmt.writeUInt16LE(22, 16);
    fmt.writeUInt16LE(bits, 18);
    fmt.writeUInt32LE(channels === 2 ? 3 : 4, 20);
    Buffer.from([tag & 0xff, tag >> 8, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71]).copy(fmt, 24);
  }
  const chunk = (id: string, body: Buffer) => {
    const head = Buffer.alloc(8);
    head.write(id, 0, 'latin1');
    head.writeUInt32LE(body.length, 4);
    return Buffer.concat([head, body, Buffer.alloc(body.length % 2)]);
  };
  const dataChunk = chunk('data', data);
  if (openEnded) dataChunk.writeUInt32LE(0xffffffff, 4);
  const body = Buffer.concat([Buffer.from('WAVE'), chunk('fmt ', fmt), chunk('LIST', Buffer.from('INFOISFT\x06\x00\x00\x00test\x00\x00', 'latin1')), dataChunk, trailer]);
  return Buffer.concat([Buffer.from('RIFF'), Buffer.from(Uint32Array.of(body.length).buffer), body]);
}

/** Every one of the 256 codes on both channels, twice over. */
const EVERY_CODE = Buffer.from(Array.from({ length: 1024 }, (_, i) => (i >> 1) % 256));

describe('plain WAV files are read without ffmpeg, sample for sample as ffmpeg decodes them', () => {
  const cases: [string, () => string, 1 | 2][] = [
    ['16-bit PCM, stereo', () => fixture('pcm.wav').path, 2],
    ['16-bit PCM, mono', () => fixture('mono.wav').path, 1],
    ['μ-law, stereo', () => fixture('mulaw.wav').path, 2],
    ['A-law, stereo', () => transcoded('alaw.wav', ['-c:a', 'pcm_alaw']), 2],
    ['μ-law, all 256 codes', () => bytesFixture('every-mulaw.wav', waveFile({ tag: 7, channels: 2, bits: 8, data: EVERY_CODE })), 2],
    ['A-law, all 256 codes', () => bytesFixture('every-alaw.wav', waveFile({ tag: 6, channels: 2, bits: 8, data: EVERY_CODE })), 2],
    ['WAVE_FORMAT_EXTENSIBLE μ-law', () => bytesFixture('extensible-mulaw.wav', waveFile({ tag: 7, channels: 2, bits: 8, data: EVERY_CODE, extensible: true })), 2],
    ['WAVE_FORMAT_EXTENSIBLE PCM', () => bytesFixture('extensible-pcm.wav', waveFile({ tag: 1, channels: 1, bits: 16, data: readFileSync(fixture('mono.wav').path).subarray(44), extensible: true })), 1],
    ['a chunk after the data', () => bytesFixture('trailer.wav', waveFile({ tag: 7, channels: 1, bits: 8, data: EVERY_CODE, trailer: Buffer.from('id3 \x04\x00\x00\x00TAG!', 'latin1') })), 1],
    ['a file cut short mid-frame (the header still claims the whole call)', () => bytesFixture('cut-mid-frame.wav', readFileSync(fixture('pcm.wav').path).subarray(0, 44 + 8003)), 2],
    ['RF64 (the sizes in its ds64 chunk)', () => recording('call-rf64.wav'), 2],
    ['RF64, μ-law', () => recording('call-rf64-ulaw.wav'), 2],
    ['BW64', () => recording('call-bw64.wav'), 2],
    ['RIFF size 0 (a recorder that has not closed its file)', () => recording('riff0.wav'), 2],
    ['RIFF and data sizes 0, cut mid-frame (a recording still being written)', () => recording('recording-growing.wav'), 2],
    ['sizes 0xFFFFFFFF after a LIST chunk (ffmpeg writing to a pipe)', () => recording('recording-piped.wav'), 2],
    ['an open-ended data size', () => bytesFixture('open-ended.wav', waveFile({ tag: 1, channels: 2, bits: 16, data: readFileSync(fixture('pcm.wav').path).subarray(44, 44 + 8002), openEnded: true })), 2],
  ];
  for (const [name, file, channels] of cases) {
    test(name, async () => {
      const path = file();
      const wave = await readPlainWave(path);
      assert.ok(wave, 'read directly');
      const direct = await collect(readWaveSamples(path, wave));
      const decoded = await collect(decodeWithFfmpeg(options(path, channels)));
      assert.ok(decoded.length > 0);
      assert.equal(direct.length, decoded.length, 'as many samples as ffmpeg decodes');
      assert.ok(direct.equals(decoded), 'the same samples as ffmpeg decodes');
      assert.ok((await collect(decodePcm(options(path, channels)))).equals(decoded));
    });
  }
});

describe('everything else goes to ffmpeg', () => {
  const cases: [string, () => string][] = [
    ['MP3', () => fixture('call.mp3').path],
    ['FLAC', () => fixture('call.flac').path],
    ['24-bit PCM', () => transcoded('pcm24.wav', ['-c:a', 'pcm_s24le'])],
    ['float PCM', () => transcoded('float.wav', ['-c:a', 'pcm_f32le'])],
    ['8-bit unsigned PCM', () => transcoded('u8.wav', ['-c:a', 'pcm_u8'])],
    ['ADPCM', () => transcoded('adpcm.wav', ['-c:a', 'adpcm_ima_wav'])],
    ['a header cut short', () => bytesFixture('cut.wav', readFileSync(fixture('pcm.wav').path).subarray(0, 30))],
    ['no data chunk', () => bytesFixture('no-data.wav', readFileSync(fixture('pcm.wav').path).subarray(0, 36))],
  ];
  for (const [name, file] of cases) {
    test(name, async () => assert.equal(await readPlainWave(file()), undefined));
  }

  test('a WAV at another rate is resampled by ffmpeg', async () => {
    const path = transcoded('pcm16k.wav', ['-ar', '16000']);
    assert.equal((await readPlainWave(path))?.sampleRate, 16000);
    const samples = await collect(decodePcm(options(path, 2)));
    assert.ok(samples.equals(await collect(decodeWithFfmpeg(options(path, 2)))));
    assert.ok(Math.abs(samples.length / (8000 * 2 * 2) - 3.5) < 0.01);
  });

  test('a stereo WAV asked for as mono is mixed down by ffmpeg', async () => {
    const path = fixture('pcm.wav').path;
    const samples = await collect(decodePcm(options(path, 1)));
    assert.equal(samples.length, 3.5 * 8000 * 2);
    assert.ok(samples.equals(await collect(decodeWithFfmpeg(options(path, 1)))));
  });
});

test('a WAV read directly still stops at the length limit', async () => {
  await assert.rejects(collect(decodePcm(options(fixture('pcm.wav').path, 2, 1))), (error: Error) => error instanceof DomainError && error.code === DomainErrorCode.TooLong);
});

test('a plain WAV is decoded without starting ffmpeg at all', async () => {
  const noFfmpeg = { ...options(fixture('mulaw.wav').path, 2), ffmpegPath: '/nonexistent/ffmpeg' };
  const samples = await collect(decodePcm(noFfmpeg));
  assert.ok(samples.equals(await collect(decodeWithFfmpeg(options(fixture('mulaw.wav').path, 2)))));
  await assert.rejects(collect(decodePcm({ ...noFfmpeg, file: fixture('call.flac').path })), /ENOENT/);
});
