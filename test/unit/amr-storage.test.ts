import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { amrStorageSeconds, countsPausesAsFrames } from '../../src/analysis/amr-storage';
import { decodePcm } from '../../src/analysis/pcm-decoder';
import { AMR_CALL } from '../support/recordings';

const dir = mkdtempSync(join(tmpdir(), 'amr-storage-'));
const file = (name: string, bytes: Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};
/** A frame's header byte for a frame type (RFC 4867 §5: bits 3–6, the quality bit set). */
const header = (type: number) => (type << 3) | 0x04;

test('an Android dialer AMR-NB call counts every frame, its trailing comfort-noise and NO_DATA frames too', async () => {
  assert.equal(await amrStorageSeconds(AMR_CALL), 8.68);
});

test('AMR-NB and AMR-WB frames are sized by their frame type; a frame across a read chunk counts once', async () => {
  // 4000 frames of 12.2 kbit/s (32 bytes) cross the 64 KiB read chunks; then a SID and two NO_DATA.
  const speech = Buffer.alloc(32, 0);
  speech[0] = header(7);
  const nb = Buffer.concat([Buffer.from('#!AMR\n'), ...Array.from({ length: 4000 }, () => speech), Buffer.from([header(8), 0, 0, 0, 0, 0, header(15), header(15)])]);
  assert.equal(await amrStorageSeconds(file('nb.amr', nb)), 4003 * 0.02);
  const wbSpeech = Buffer.alloc(61, 0);
  wbSpeech[0] = header(8);
  const wb = Buffer.concat([Buffer.from('#!AMR-WB\n'), wbSpeech, wbSpeech, Buffer.from([header(15)])]);
  assert.equal(await amrStorageSeconds(file('wb.awb', wb)), 3 * 0.02);
});

test('any other file is not counted', async () => {
  assert.equal(await amrStorageSeconds(file('x.wav', Buffer.from('RIFF\0\0\0\0WAVE'))), undefined);
  assert.equal(countsPausesAsFrames('amr_nb'), true);
  assert.equal(countsPausesAsFrames('amr_wb'), true);
  assert.equal(countsPausesAsFrames('mp3'), false);
  assert.equal(countsPausesAsFrames(null), false);
});

test('the decoder pads what it decodes to the seconds the container counts, and no further than its limit', async () => {
  const decode = async (padToSeconds?: number, maxSeconds = 60) => {
    let bytes = 0;
    for await (const chunk of decodePcm({ ffmpegPath: 'ffmpeg', file: AMR_CALL, sampleRate: 8000, channels: 1, timeoutMs: 60_000, maxSeconds, padToSeconds })) {
      bytes += chunk.length;
    }
    return bytes / 2 / 8000;
  };
  const decoded = await decode();
  assert.ok(Math.abs(decoded - 8.08) < 0.025, `ffmpeg alone stops at the last speech frame (${decoded} s)`);
  assert.equal(await decode(8.68), 8.68);
  assert.equal(await decode(5), decoded, 'never cut short');
  assert.equal(await decode(8.68, 8.5), 8.5, 'padding stops at the length limit');
});
