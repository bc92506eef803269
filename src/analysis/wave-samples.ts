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

/**
 * What a WAV file's `fmt ` and `data` chunks say, read by this service
 * rather than a library: RIFF, RF64 and BW64 (EBU Tech 3306, ITU-R BS.2088)
 * are the same chunks behind a different first word.
 */
export interface WaveLayout {
  /** wFormatTag, with WAVE_FORMAT_EXTENSIBLE resolved to its sub-format. */
  formatTag: number;
  channels: number;
  /** Hz. */
  sampleRate: number;
  /** nAvgBytesPerSec: bytes of data per second of audio. */
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Where the samples start, and how many bytes of them the file holds. */
  dataOffset: number;
  dataBytes: number;
  /** Bytes of audio the header claims, when it states a size (not 0 or 0xFFFFFFFF). */
  declaredBytes?: number;
  /** Samples per channel, from the `fact` chunk that compressed formats carry, when it states a count. */
  sampleFrames?: number;
}

const WAVE_FAMILY = new Set(['RIFF', 'RF64', 'BW64']);

export const isWaveFamily = (head: Buffer) =>
  head.length >= 12 && WAVE_FAMILY.has(head.toString('latin1', 0, 4)) && head.toString('latin1', 8, 12) === 'WAVE';

/**
 * The layout of a WAV file from its first bytes, or undefined when they hold
 * no `fmt ` and `data` chunk. The chunks are walked up to the end of the file,
 * whatever the RIFF size says: a recorder that has not closed its file leaves
 * 0 or 0xFFFFFFFF there, and the same in the data size, meaning "until the
 * end of the file". RF64/BW64 keep the real sizes in their `ds64` chunk.
 */
export function parseWaveLayout(head: Buffer, fileBytes: number): WaveLayout | undefined {
  if (!isWaveFamily(head)) return undefined;
  let format: Omit<WaveLayout, 'dataOffset' | 'dataBytes' | 'declaredBytes' | 'sampleFrames'> | undefined;
  let ds64DataBytes: number | undefined;
  let sampleFrames: number | undefined;
  const end = Math.min(head.length, fileBytes);
  for (let offset = 12; offset + 8 <= end; ) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    const body = offset + 8;
    // ds64: RIFF size (8 bytes), data size (8 bytes), sample count (8 bytes), …
    if (id === 'ds64' && size >= 16 && body + 16 <= end) ds64DataBytes = Number(head.readBigUInt64LE(body + 8));
    if (id === 'fact' && size >= 4 && body + 4 <= end && !OPEN_ENDED.has(head.readUInt32LE(body))) sampleFrames = head.readUInt32LE(body);
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > end) return undefined;
      format = readFormat(head.subarray(body, Math.min(body + size, end)));
    }
    if (id === 'data') {
      if (!format) return undefined;
      const held = fileBytes - body;
      const stated = size === 0xffffffff && ds64DataBytes ? ds64DataBytes : size;
      const declaredBytes = OPEN_ENDED.has(stated) ? undefined : stated;
      return { ...format, dataOffset: body, dataBytes: Math.max(0, Math.min(declaredBytes ?? held, held)), declaredBytes, sampleFrames };
    }
    offset = body + size + (size % 2);
  }
  return undefined;
}

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
  const layout = parseWaveLayout(head, fileBytes);
  const encoding = layout && plainEncoding(layout);
  if (!layout || !encoding) return undefined;
  // A last frame cut short is dropped, as ffmpeg drops it.
  const dataBytes = layout.dataBytes - (layout.dataBytes % layout.blockAlign);
  return dataBytes > 0 ? { encoding, sampleRate: layout.sampleRate, channels: layout.channels, dataOffset: layout.dataOffset, dataBytes } : undefined;
}

function readFormat(fmt: Buffer): Omit<WaveLayout, 'dataOffset' | 'dataBytes' | 'declaredBytes' | 'sampleFrames'> {
  let formatTag = fmt.readUInt16LE(0);
  // WAVE_FORMAT_EXTENSIBLE names the real format in the first two bytes of its sub-format GUID.
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) formatTag = fmt.length >= 26 ? fmt.readUInt16LE(24) : 0;
  return {
    formatTag,
    channels: fmt.readUInt16LE(2),
    sampleRate: fmt.readUInt32LE(4),
    byteRate: fmt.readUInt32LE(8),
    blockAlign: fmt.readUInt16LE(12),
    bitsPerSample: fmt.readUInt16LE(14),
  };
}

function plainEncoding({ formatTag, channels, sampleRate, blockAlign, bitsPerSample }: WaveLayout): WaveEncoding | undefined {
  if (channels < 1 || channels > 2 || sampleRate < 1) return undefined;
  if (formatTag === WAVE_FORMAT_PCM && bitsPerSample === 16 && blockAlign === 2 * channels) return 'pcm16';
  if ((formatTag === WAVE_FORMAT_MULAW || formatTag === WAVE_FORMAT_ALAW) && bitsPerSample === 8 && blockAlign === channels) {
    return formatTag === WAVE_FORMAT_MULAW ? 'mulaw' : 'alaw';
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
