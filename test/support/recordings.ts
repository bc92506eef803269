import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fixture, generate, transcoded } from './fixtures';

/**
 * AMR-NB as an Android dialer records a call, with comfort-noise and
 * no-data frames in the pauses (ffmpeg has no AMR encoder here, so it is a
 * file made once from our own speech): 434 frames of 20 ms.
 */
export const AMR_CALL = resolve(__dirname, '../../../test/samples/call.amr');

/** A recording in a format the phone systems and dialers of the field write. */
export interface Recording {
  name: string;
  /** What it stands for. */
  kind: string;
  path: () => string;
  channels: 1 | 2;
  /** Seconds the worker decodes, with the tolerance the format's framing allows. */
  seconds: number;
  tolerance: number;
}

const ffmpeg = (args: string[]) => execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

/** ffmpeg's output written to a pipe, as a recorder streaming it would: the sizes it cannot know are left open. */
const piped = (name: string, args: string[]) =>
  generate(name, (target) => writeFileSync(target, execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', fixture('pcm.wav').path, ...args, 'pipe:1'], { maxBuffer: 64 * 1024 * 1024 })));

/** The test call (3.5 s of 16-bit stereo PCM) with some header bytes changed. */
const patchedWave = (name: string, source: () => string, patch: (bytes: Buffer) => Buffer | void) =>
  generate(name, (target) => {
    const bytes = Buffer.from(readFileSync(source()));
    writeFileSync(target, patch(bytes) ?? bytes);
  });

const dataChunk = (bytes: Buffer) => bytes.indexOf('data', 12, 'latin1');
const rf64 = () => transcoded('call-rf64.wav', ['-rf64', 'always']);

/** Every member of the classes the upload check once refused although ffmpeg decodes them. */
export function realRecordings(): Recording[] {
  const stereo = (name: string, kind: string, path: () => string, seconds = 3.5, tolerance = 0.1): Recording => ({ name, kind, path, channels: 2, seconds, tolerance });
  return [
    // AMR: every frame is 20 ms of the call, 434 of them (8.68 s; ffprobe's 9.34 s is only its bit-rate
    // estimate). ffmpeg's decoder drops the comfort-noise and no-data frames: those between words are
    // filled with silence, the 30 after the last word (frame 403, 8.08 s) are padded at the end.
    { name: 'call.amr', kind: 'AMR-NB (Android dialer)', path: () => AMR_CALL, channels: 1, seconds: 8.68, tolerance: 0.025 },
    { name: 'call.3gp', kind: 'AMR-NB in 3GP', path: () => generate('amr-call.3gp', (t) => ffmpeg(['-i', AMR_CALL, '-c', 'copy', '-f', '3gp', t])), channels: 1, seconds: 8.68, tolerance: 0.025 },
    { name: 'call.3g2', kind: 'AMR-NB in 3GPP2', path: () => generate('amr-call.3g2', (t) => ffmpeg(['-i', AMR_CALL, '-c', 'copy', '-f', '3g2', t])), channels: 1, seconds: 8.68, tolerance: 0.025 },
    stereo('call.wma', 'WMA 2 in ASF', () => transcoded('call-wma2.wma', ['-c:a', 'wmav2'])),
    stereo('call-wma1.wma', 'WMA 1 in ASF', () => transcoded('call-wma1.wma', ['-c:a', 'wmav1'])),
    stereo('call.caf', 'CAF, 16-bit PCM', () => transcoded('call-pcm.caf', ['-c:a', 'pcm_s16le'])),
    stereo('call-ulaw.caf', 'CAF, μ-law', () => transcoded('call-ulaw.caf', ['-c:a', 'pcm_mulaw'])),
    stereo('call-alac.caf', 'CAF, Apple Lossless', () => transcoded('call-alac.caf', ['-c:a', 'alac'])),
    stereo('call-rf64.wav', 'RF64, 16-bit PCM', rf64),
    stereo('call-rf64-ulaw.wav', 'RF64, μ-law', () => transcoded('call-rf64-ulaw.wav', ['-rf64', 'always', '-c:a', 'pcm_mulaw'])),
    stereo('call-bw64.wav', 'BW64 (ITU-R BS.2088)', () => patchedWave('call-bw64.wav', rf64, (b) => void b.write('BW64', 0, 'latin1'))),
    stereo('riff0.wav', 'WAV with RIFF size 0', () => patchedWave('riff0.wav', () => fixture('pcm.wav').path, (b) => void b.writeUInt32LE(0, 4))),
    stereo('recording-asterisk.wav', 'WAV still being written: RIFF and data sizes 0', () =>
      patchedWave('asterisk-open.wav', () => fixture('pcm.wav').path, (b) => {
        b.writeUInt32LE(0, 4);
        b.writeUInt32LE(0, dataChunk(b) + 4);
      })),
    stereo('recording-piped.wav', 'WAV still being written: sizes 0xFFFFFFFF (ffmpeg to a pipe)', () => piped('piped.wav', ['-f', 'wav'])),
    stereo('recording-piped-rf64.wav', 'WAV still being written: RF64-ready header (JUNK chunk) to a pipe', () => piped('piped-rf64.wav', ['-f', 'wav', '-rf64', 'auto'])),
    stereo('recording-growing.wav', 'WAV still being written: sizes 0, cut mid-frame at 2.5 s', () =>
      patchedWave('growing.wav', () => fixture('pcm.wav').path, (b) => {
        b.writeUInt32LE(0, 4);
        b.writeUInt32LE(0, dataChunk(b) + 4);
        return b.subarray(0, dataChunk(b) + 8 + 2.5 * 8000 * 4 + 3);
      }), 2.5),
    stereo('call-w64.w64', 'Sony Wave64', () => transcoded('call.w64', ['-c:a', 'pcm_s16le'])),
    stereo('call.au', 'Sun AU', () => transcoded('call.au', ['-c:a', 'pcm_s16be'])),
    stereo('call-msadpcm.wav', 'WAV, MS ADPCM', () => transcoded('call-msadpcm.wav', ['-c:a', 'adpcm_ms'])),
    { name: 'call-gsm.wav', kind: 'WAV, GSM 6.10', path: () => transcoded('call-gsm.wav', ['-ac', '1', '-c:a', 'libgsm_ms']), channels: 1, seconds: 3.5, tolerance: 0.1 },
  ];
}

/** The file of one of the recordings above. */
export const recording = (name: string) => {
  const found = realRecordings().find((r) => r.name === name);
  if (!found) throw new Error(`No recording ${name}`);
  return found.path();
};

/** The test call as FLAC cut 40 bytes into its first frame: ffmpeg reads the header, then fails in its own words (`[flac @ 0x…] invalid residual`). */
export const damagedFlac = () =>
  generate('damaged-first-frame.flac', (target) => {
    const flac = readFileSync(fixture('call.flac').path);
    const firstFrame = flac.indexOf(Buffer.from([0xff, 0xf8]), 42);
    writeFileSync(target, flac.subarray(0, firstFrame + 40));
  });

/** The test call as FLAC cut to its first 2000 bytes: the stream header whole, no audio frame. */
export const cutFlac = () => generate('cut-2000-bytes.flac', (target) => writeFileSync(target, readFileSync(fixture('call.flac').path).subarray(0, 2000)));

/** The test call as a 64 kbit/s MP3 (about 30 KB) whose Info header claims 16200 s (4.5 hours) of frames. */
export const lyingMp3 = () =>
  generate('lying-info-header.mp3', (target) => {
    const mp3 = Buffer.from(readFileSync(transcoded('call-64k.mp3', ['-c:a', 'libmp3lame', '-b:a', '64k'])));
    const tag = mp3.indexOf('Info', 0, 'latin1');
    // Info/Xing: tag, flags (4 bytes), then the frame count; 576 samples a frame at 8 kHz (MPEG 2.5).
    mp3.writeUInt32BE((16200 * 8000) / 576, tag + 8);
    writeFileSync(target, mp3);
  });
