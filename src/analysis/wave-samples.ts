import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * Telephony recordings are mostly WAV files of 16-bit PCM, μ-law or A-law
 * samples. Those are read here as they are: starting ffmpeg costs more than
 * decoding a whole call. Anything else (other codecs, other rates, other
 * sample sizes) is left to ffmpeg.
 */
export type WaveEncoding = 'pcm16' | 'mulaw' | 'alaw';

export interface PlainWave {
  encoding: WaveEncoding;
  sampleRate: number;
  channels: number;
  /** Where the samples start, and how many bytes of them there are. */
  dataOffset: number;
  dataBytes: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_ALAW = 6;
const WAVE_FORMAT_MULAW = 7;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
/** Sizes that writers of live recordings leave in a header: "until the end of the file". */
const OPEN_ENDED = new Set([0, 0xffffffff]);
const HEADER_BYTES = 64 * 1024;

/** The layout of a WAV file whose samples can be read without a decoder, or undefined. */
export async function readPlainWave(path: string): Promise<PlainWave | undefined> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEADER_BYTES);
    const { bytesRead } = await file.read(head, 0, HEADER_BYTES, 0);
    return parsePlainWave(head.subarray(0, bytesRead), (await file.stat()).size);
  } finally {
    await file.close();
  }
}

export function parsePlainWave(head: Buffer, fileBytes: number): PlainWave | undefined {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') return undefined;
  let format: { encoding: WaveEncoding; sampleRate: number; channels: number } | undefined;
  for (let offset = 12; offset + 8 <= head.length; ) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      format = size >= 16 && body + 16 <= head.length ? readFormat(head.subarray(body, body + size)) : undefined;
      if (!format) return undefined;
    }
    if (id === 'data') {
      if (!format) return undefined;
      const held = fileBytes - body;
      const blockAlign = format.encoding === 'pcm16' ? 2 * format.channels : format.channels;
      const declared = OPEN_ENDED.has(size) ? held : Math.min(size, held);
      // A last frame cut short is dropped, as ffmpeg drops it.
      const dataBytes = declared - (declared % blockAlign);
      return dataBytes > 0 ? { ...format, dataOffset: body, dataBytes } : undefined;
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

function readFormat(fmt: Buffer): { encoding: WaveEncoding; sampleRate: number; channels: number } | undefined {
  let tag = fmt.readUInt16LE(0);
  const channels = fmt.readUInt16LE(2);
  const sampleRate = fmt.readUInt32LE(4);
  const blockAlign = fmt.readUInt16LE(12);
  const bits = fmt.readUInt16LE(14);
  // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
  if (tag === WAVE_FORMAT_EXTENSIBLE) tag = fmt.length >= 26 ? fmt.readUInt16LE(24) : 0;
  if (channels < 1 || channels > 2 || sampleRate < 1) return undefined;
  if (tag === WAVE_FORMAT_PCM && bits === 16 && blockAlign === 2 * channels) return { encoding: 'pcm16', sampleRate, channels };
  if ((tag === WAVE_FORMAT_MULAW || tag === WAVE_FORMAT_ALAW) && bits === 8 && blockAlign === channels) {
    return { encoding: tag === WAVE_FORMAT_MULAW ? 'mulaw' : 'alaw', sampleRate, channels };
  }
  return undefined;
}

/** ITU-T G.711 expansion of one μ-law byte to a 16-bit sample. */
function expandMuLaw(byte: number): number {
  const u = ~byte & 0xff;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4)) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** ITU-T G.711 expansion of one A-law byte to a 16-bit sample. */
function expandALaw(byte: number): number {
  const a = byte ^ 0x55;
  const segment = (a & 0x70) >> 4;
  let magnitude = ((a & 0x0f) << 4) + 8;
  if (segment > 0) magnitude = (magnitude + 0x100) << (segment - 1);
  return a & 0x80 ? magnitude : -magnitude;
}

const tableOf = (expand: (byte: number) => number) => Int16Array.from({ length: 256 }, (_, byte) => expand(byte));
const EXPANSION: Record<Exclude<WaveEncoding, 'pcm16'>, Int16Array> = { mulaw: tableOf(expandMuLaw), alaw: tableOf(expandALaw) };

/** The samples of a plain WAV file as interleaved 16-bit little-endian PCM, streamed from disk. */
export async function* readWaveSamples(path: string, wave: PlainWave): AsyncGenerator<Buffer> {
  const stream = createReadStream(path, { start: wave.dataOffset, end: wave.dataOffset + wave.dataBytes - 1, highWaterMark: 64 * 1024 });
  const table = wave.encoding === 'pcm16' ? undefined : EXPANSION[wave.encoding];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (!table) {
      yield chunk;
      continue;
    }
    const samples = new Int16Array(chunk.length);
    for (let i = 0; i < chunk.length; i++) samples[i] = table[chunk[i]];
    yield Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength);
  }
}
