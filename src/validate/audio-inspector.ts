import { Injectable, Logger } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { IAudioMetadata, parseBuffer, parseFile } from 'music-metadata';
import { amrStorageSeconds } from '../analysis/amr-storage';
import { isWaveFamily, parseWaveLayout, WaveLayout } from '../analysis/wave-samples';
import { describeCauses, DomainError, DomainErrorCode } from '../common/domain-error';
import { Environment } from '../config/environment';
import { DecodeCheck, decodesAnyAudio } from './decode-check';
import { probeAudio, ProbedAudio } from './ffprobe';

/** What the header of an audio file says about it. */
export interface AudioHeader {
  /** The file name extension it is stored under, with its dot (`.wav`). */
  extension: string;
  codec: string;
  /** Hz. */
  sampleRate: number;
  channels: number;
  /** Seconds, when the header states it; the length limit is checked on it at the gate. */
  duration?: number;
  /**
   * Seconds estimated from the file's size and its first frame's bit rate,
   * when the header states no length (an MP3 without a Xing/VBRI frame
   * count). Too rough for the length limit (a VBR file's first frame may be
   * far below its mean rate); it only paces progress.
   */
  estimatedDuration?: number;
}

/** The seconds progress is measured against: the stated length, else the estimate, else none. */
export const expectedSeconds = (header: AudioHeader): number | null => header.duration ?? header.estimatedDuration ?? null;

/**
 * The file as a local path, or a way to get one: an upload in an object
 * store is copied to the disk only when a reader needs more than its head.
 */
export type AudioPath = string | (() => Promise<string>);

const localPath = (path: AudioPath): Promise<string> => (typeof path === 'string' ? Promise.resolve(path) : path());

/** Whose file it is, for the wording of a refusal. */
export type AudioOrigin = 'uploaded' | 'downloaded';

/** What the submission declared about the call. */
export interface CallExpectation {
  channels: number;
  /** MAX_CALL_SECONDS. */
  maxSeconds: number;
}

/** Containers that may hold audio only, though their type names video. */
const AUDIO_CONTAINERS = new Set(['video/mp4', 'video/webm', 'video/ogg', 'application/ogg', 'video/3gpp', 'video/quicktime']);
const MIN_SAMPLE_RATE = 1000;
const MAX_SAMPLE_RATE = 384_000;
/** Slack allowed between a WAV header's data size and the bytes the file holds (a trailing chunk, a cut frame). */
const WAVE_SIZE_SLACK_BYTES = 1024;

/**
 * WAV format tags (RFC 2361, Microsoft's mmreg.h) read from the header by
 * our own chunk reader; all decode with ffmpeg. Any other tag is left to ffprobe.
 */
const WAVE_CODECS = new Map<number, string>([
  [0x0001, 'PCM'],
  [0x0002, 'MS ADPCM'],
  [0x0003, 'IEEE float'],
  [0x0006, 'A-law'],
  [0x0007, 'μ-law'],
  [0x0011, 'IMA ADPCM'],
  [0x0031, 'GSM 6.10'],
  [0x0055, 'MPEG Layer 3'],
]);

const UNCOMPRESSED_WAVE = new Set([0x0001, 0x0003, 0x0006, 0x0007]);
/** Their names in {@link WAVE_CODECS}. */
const UNCOMPRESSED_WAVE_CODECS = new Set([...UNCOMPRESSED_WAVE].map((tag) => WAVE_CODECS.get(tag)!));

/** File name extensions for ffmpeg's container names (`ffprobe -show_format`'s format_name). */
const PROBED_EXTENSIONS: Record<string, string> = {
  amr: '.amr',
  asf: '.wma',
  caf: '.caf',
  w64: '.w64',
  au: '.au',
  wav: '.wav',
  aiff: '.aiff',
  'mov,mp4,m4a,3gp,3g2,mj2': '.m4a',
  ogg: '.ogg',
  matroska: '.mka',
  'matroska,webm': '.webm',
  mp3: '.mp3',
  flac: '.flac',
};

const refuseNotAudio = (origin: AudioOrigin, looksLike: string, cause?: unknown) =>
  new DomainError(DomainErrorCode.NotAudio, `The ${origin} file is not audio (its content looks like ${looksLike})`, undefined, { cause });
const refuseUndecodable = (origin: AudioOrigin, reason: string, cause?: unknown) =>
  new DomainError(DomainErrorCode.UndecodableAudio, `The ${origin} file is not decodable audio: ${reason}`, undefined, { cause });

export const channelMismatch = (declared: number, actual: number) =>
  new DomainError(DomainErrorCode.ChannelMismatch, `channels is ${declared} but the file has ${actual} channel${actual === 1 ? '' : 's'}`, [
    { field: 'channels', message: `channels is ${declared} but the file has ${actual}` },
  ]);

/**
 * Decides whether a file is audio the worker's decoder reads, and reads its
 * codec, sample rate, channel count and duration. The WAV family (RIFF,
 * RF64, BW64) is read by our own chunk reader; other types are named from
 * their bytes (never their name) and read by music-metadata; whatever those
 * cannot read is put to ffprobe before it is refused.
 */
@Injectable()
export class AudioInspector {
  private readonly logger = new Logger(AudioInspector.name);

  constructor(private readonly env: Environment) {}

  /**
   * Inspects a call and checks it against what its submission declared.
   * @throws DomainError NotAudio, UndecodableAudio, ChannelMismatch or TooLong
   */
  async inspectCall(path: AudioPath, head: Buffer, bytes: number, expected: CallExpectation, origin: AudioOrigin): Promise<AudioHeader> {
    const header = await this.inspect(path, head, bytes, origin);
    if (header.channels !== expected.channels) throw channelMismatch(expected.channels, header.channels);
    if (header.duration !== undefined && header.duration > expected.maxSeconds) {
      throw new DomainError(DomainErrorCode.TooLong, `The call is ${Math.round(header.duration)} seconds long; the limit is ${expected.maxSeconds} seconds`);
    }
    // Last: what the header says is refused without starting a decoder.
    await this.checkDecodes(path, head, header, origin);
    return header;
  }

  /**
   * @param head the file's first bytes (up to 64 KiB)
   * @param bytes the file's size
   * @throws DomainError NotAudio or UndecodableAudio
   */
  async inspect(path: AudioPath, head: Buffer, bytes: number, origin: AudioOrigin = 'uploaded'): Promise<AudioHeader> {
    const wave = parseWaveLayout(head, bytes);
    if (wave && WAVE_CODECS.has(wave.formatTag)) return fromWave(wave, origin);

    const type = await fileTypeFromBuffer(head);
    const audioType = type && (type.mime.startsWith('audio/') || AUDIO_CONTAINERS.has(type.mime));
    // A WAV our reader cannot vouch for goes to ffprobe: music-metadata accepts any format tag.
    if (type && audioType && !isWaveFamily(head)) {
      const read = await this.readWithMusicMetadata(path, head, bytes);
      if (read) return { ...read, extension: `.${type.ext}`, codec: read.codec || type.ext };
    }

    const probed = await this.probe(path, origin);
    if (probed) {
      const header = fromProbe(probed, origin);
      // ffprobe estimates a raw AMR file's length from its bit rate; its frame count says it exactly.
      if (probed.formatName === 'amr') header.duration = (await amrStorageSeconds(await localPath(path))) ?? header.duration;
      return header;
    }
    if (type && !audioType) throw refuseNotAudio(origin, type.mime);
    if (!type && !isWaveFamily(head)) throw refuseNotAudio(origin, looksLikeText(head) ? 'text' : 'unrecognised binary data');
    throw refuseUndecodable(origin, 'it holds no audio stream that can be decoded');
  }

  /**
   * The header as music-metadata reads it, or undefined when it cannot say
   * the channels and a plausible sample rate. Most containers put all of it
   * in their first bytes, already in memory; only those that keep it at the
   * end (MP4 with its index last) are read from disk.
   */
  private async readWithMusicMetadata(path: AudioPath, head: Buffer, bytes: number): Promise<Omit<AudioHeader, 'extension'> | undefined> {
    const options = { duration: false, skipCovers: true, skipPostHeaders: true };
    const usable = ({ format }: IAudioMetadata) =>
      !!format.numberOfChannels && !!format.sampleRate && format.sampleRate >= MIN_SAMPLE_RATE && format.sampleRate <= MAX_SAMPLE_RATE;
    let metadata: IAudioMetadata | undefined;
    try {
      metadata = await parseBuffer(head, { size: bytes }, options);
      if (!usable(metadata)) metadata = await parseFile(await localPath(path), options);
    } catch (error) {
      this.logger.debug(`music-metadata cannot read the file: ${describeCauses(error)}`);
      return undefined;
    }
    if (!usable(metadata)) return undefined;
    const { format } = metadata;
    const stated = format.duration !== undefined && Number.isFinite(format.duration) ? format.duration : undefined;
    const bitrate = format.lossless === false ? format.bitrate : undefined;
    const found = { codec: format.codec ?? format.container ?? '', sampleRate: format.sampleRate!, channels: format.numberOfChannels! };
    if (measuredOnHead(stated, bitrate, head.length, bytes)) return { ...found, estimatedDuration: (bytes * 8) / bitrate! };
    return { ...found, duration: plausibleDuration(stated, bitrate, bytes) };
  }

  /**
   * A header can be whole while nothing after it decodes (a file cut
   * within its first frame): ffmpeg is asked for the first bytes of audio,
   * so such a file is refused now rather than failing in the worker.
   * Uncompressed WAV is read by the worker itself and needs no check.
   */
  private async checkDecodes(path: AudioPath, head: Buffer, header: AudioHeader, origin: AudioOrigin): Promise<void> {
    if (header.extension === '.wav' && UNCOMPRESSED_WAVE_CODECS.has(header.codec)) return;
    const check = (input: string | Buffer) => decodesAnyAudio(this.env.FFMPEG_PATH, input, this.env.PROBE_TIMEOUT_MS);
    let outcome: DecodeCheck;
    if (typeof path === 'string') outcome = await check(path);
    else {
      // The file may be in an object store: its first bytes usually answer. Only when they do not
      // (a cut file, or a format read by seeking, as CAF with its packet table last) is the whole file used.
      outcome = await check(head);
      if (outcome !== 'decodes') outcome = await check(await localPath(path));
    }
    if (outcome === 'undecodable') throw refuseUndecodable(origin, 'nothing after its header decodes (its data is cut short or damaged)');
    if (outcome === 'unknown') this.logger.warn(`The decode check of a file took longer than ${this.env.PROBE_TIMEOUT_MS} ms; left to the worker`);
  }

  private async probe(path: AudioPath, origin: AudioOrigin): Promise<ProbedAudio | undefined> {
    const file = await localPath(path);
    try {
      return await probeAudio(this.env.FFPROBE_PATH, file, this.env.PROBE_TIMEOUT_MS);
    } catch (error) {
      if ((error as { cause?: { killed?: boolean } }).cause?.killed) {
        this.logger.warn(`ffprobe took longer than ${this.env.PROBE_TIMEOUT_MS} ms: ${describeCauses(error)}`);
        throw refuseUndecodable(origin, 'it could not be read as audio in reasonable time', error);
      }
      throw error;
    }
  }
}

/**
 * True when music-metadata's duration is only the bytes it was given at the
 * first frame's bit rate: a header without a frame count (MP3 without
 * Xing/VBRI) read from the file's first bytes, which says nothing of its length.
 */
function measuredOnHead(stated: number | undefined, bitrate: number | undefined, headBytes: number, bytes: number): boolean {
  if (stated === undefined || !bitrate || bitrate <= 0 || headBytes >= bytes) return false;
  return Math.abs((stated * bitrate) / 8 - headBytes) <= 0.02 * headBytes;
}

/** How far a lossy file's size may fall short of what its stated duration and bit rate imply. */
const IMPLAUSIBLE_SIZE_RATIO = 4;

/**
 * A lossy file's stated duration, unless it is implausible: duration × bit
 * rate far beyond the bytes the file holds (an MP3 whose Xing header claims
 * hours in a few kilobytes). Then the estimate from size and bit rate
 * stands in; the decoder's limit applies to what really decodes.
 * @param bitrate bits per second, of a lossy codec only (lossless ones compress silence without bound)
 */
function plausibleDuration(stated: number | undefined, bitrate: number | undefined, bytes: number): number | undefined {
  if (stated === undefined || !bitrate || bitrate <= 0) return stated;
  const fromSize = (bytes * 8) / bitrate;
  return stated > IMPLAUSIBLE_SIZE_RATIO * fromSize + 1 ? fromSize : stated;
}

/** Channels and sample rate a decoder can work with, or a refusal saying which is wrong. */
function checkFormat(channels: number, sampleRate: number, origin: AudioOrigin): void {
  if (!channels || channels < 1) throw refuseUndecodable(origin, 'its header declares no audio channels');
  if (!sampleRate || sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
    throw refuseUndecodable(origin, `its header declares an invalid sample rate (${sampleRate || 'none'})`);
  }
}

/** A WAV file's header; one that claims more audio than the file holds is lying and refused. */
function fromWave(wave: WaveLayout, origin: AudioOrigin): AudioHeader {
  checkFormat(wave.channels, wave.sampleRate, origin);
  if (wave.declaredBytes !== undefined && wave.declaredBytes > wave.dataBytes + WAVE_SIZE_SLACK_BYTES) {
    throw refuseUndecodable(origin, `its WAV header claims ${wave.declaredBytes} bytes of audio but the file holds ${wave.dataBytes}`);
  }
  return {
    extension: '.wav',
    codec: WAVE_CODECS.get(wave.formatTag)!,
    sampleRate: wave.sampleRate,
    channels: wave.channels,
    duration: waveDuration(wave),
  };
}

/**
 * Seconds of a WAV file. Samples stored as they are (PCM, G.711) are counted
 * from the bytes the file holds; compressed ones from the `fact` chunk's
 * sample count, since their byte rate is only an average, unless the file
 * holds less than the count implies (a recording cut short).
 */
function waveDuration(wave: WaveLayout): number | undefined {
  const fromBytes = wave.byteRate > 0 ? wave.dataBytes / wave.byteRate : undefined;
  if (UNCOMPRESSED_WAVE.has(wave.formatTag) || wave.sampleFrames === undefined) return fromBytes;
  const fromCount = wave.sampleFrames / wave.sampleRate;
  return wave.declaredBytes !== undefined && wave.dataBytes < wave.declaredBytes && fromBytes !== undefined ? Math.min(fromCount, fromBytes) : fromCount;
}

function fromProbe(probed: ProbedAudio, origin: AudioOrigin): AudioHeader {
  checkFormat(probed.channels, probed.sampleRate, origin);
  const container = probed.formatName.split(',')[0];
  return {
    extension: PROBED_EXTENSIONS[probed.formatName] ?? (/^[a-z0-9]{1,8}$/.test(container) ? `.${container}` : '.audio'),
    codec: probed.codecName,
    sampleRate: probed.sampleRate,
    channels: probed.channels,
    duration: probed.duration,
  };
}

function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  return sample.length > 0 && sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
}
