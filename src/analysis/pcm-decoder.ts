import { spawn } from 'node:child_process';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { readPlainWave, readWaveSamples } from './wave-samples';

export interface DecodeOptions {
  ffmpegPath: string;
  file: string;
  sampleRate: number;
  channels: 1 | 2;
  timeoutMs: number;
  /** Stop once this many seconds of audio have been decoded. */
  maxSeconds: number;
  /**
   * Seconds the container counts (AMR: 20 ms a frame). A decoder that drops
   * the trailing comfort-noise and NO_DATA frames of a pause falls short of
   * them; the rest is padded with silence, since it is call time too.
   */
  padToSeconds?: number;
}

/** Bytes of silence yielded at a time when padding. */
const PAD_CHUNK_BYTES = 64 * 1024;

/**
 * Decodes any audio ffmpeg reads into interleaved 16-bit PCM at a fixed rate,
 * streamed: memory stays flat whatever the length of the call. A WAV file
 * already at that rate and channel count, in 16-bit PCM, μ-law or A-law, is
 * read directly (the same samples, without starting ffmpeg).
 */
export async function* decodePcm(options: DecodeOptions): AsyncGenerator<Buffer> {
  const wave = await readPlainWave(options.file).catch(() => undefined);
  const direct = wave && wave.sampleRate === options.sampleRate && wave.channels === options.channels ? wave : undefined;
  const maxBytes = options.maxSeconds * options.sampleRate * options.channels * 2;
  let bytes = 0;
  for await (const chunk of direct ? readWaveSamples(options.file, direct) : decodeWithFfmpeg(options)) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw new DomainError(DomainErrorCode.TooLong, `The audio is longer than the limit of ${options.maxSeconds} seconds`);
    yield chunk;
  }
  if (bytes > 0 && options.padToSeconds) {
    const frameBytes = options.channels * 2;
    const target = Math.min(Math.round(options.padToSeconds * options.sampleRate) * frameBytes, maxBytes);
    while (bytes < target) {
      const size = Math.min(PAD_CHUNK_BYTES, target - bytes);
      bytes += size;
      yield Buffer.alloc(size);
    }
  }
  if (bytes === 0) throw new DomainError(DomainErrorCode.UndecodableAudio, 'The audio cannot be decoded: it holds no audio samples');
}

/** Any audio ffmpeg reads, as interleaved 16-bit PCM at the asked rate and channel count. */
export async function* decodeWithFfmpeg(options: DecodeOptions): AsyncGenerator<Buffer> {
  // -flush_packets 0: on a pipe ffmpeg would otherwise write every small packet with a system call of its own.
  // aresample=async=1 fills with silence the gaps the decoder leaves where it drops a frame (AMR's
  // comfort-noise frames, a damaged packet), so what follows keeps its place in the call.
  const args = ['-nostdin', '-hide_banner', '-loglevel', 'error', '-i', options.file, '-map', '0:a:0', '-vn', '-af', 'aresample=async=1',
    '-ac', String(options.channels), '-ar', String(options.sampleRate), '-f', 's16le', '-acodec', 'pcm_s16le', '-flush_packets', '0', 'pipe:1'];
  const child = spawn(options.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    if (stderr.length < 4096) stderr += text;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  exited.catch(() => undefined); // awaited below; this only keeps an early spawn error from going unhandled
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer;
    const code = await exited;
    if (timedOut) throw new DomainError(DomainErrorCode.DecodeTimeout, `Decoding took longer than ${Math.round(options.timeoutMs / 1000)} seconds`);
    if (code !== 0) {
      // ffmpeg's own words name its internals (`[flac @ 0x55…]`): they are for the log, not the client.
      throw new DomainError(DomainErrorCode.UndecodableAudio, 'The audio cannot be decoded: its data is damaged or in a form the decoder does not read', undefined, {
        cause: new Error(firstLine(stderr) || `ffmpeg exited with ${code}`),
      });
    }
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

const firstLine = (text: string) => text.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
