import { HttpStatus, Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { IAudioMetadata, parseBuffer, parseFile } from 'music-metadata';
import { ApiError, badRequest } from '../common/api-errors';

/** What the header of an audio file says about it. */
export interface AudioHeader {
  mime: string;
  extension: string;
  codec: string;
  sampleRate: number;
  channels: number;
  /** Seconds, when the header states it. */
  duration?: number;
}

/** Containers that may hold audio only, though their type names video. */
const AUDIO_CONTAINERS = new Set(['video/mp4', 'video/webm', 'video/ogg', 'application/ogg', 'video/3gpp', 'video/quicktime']);
const MAX_SAMPLE_RATE = 384_000;

export class NotAudioError extends ApiError {
  constructor(detected: string) {
    super(HttpStatus.UNSUPPORTED_MEDIA_TYPE, `The uploaded file is not audio (its content looks like ${detected})`);
  }
}

export class UndecodableAudioError extends ApiError {
  constructor(reason: string) {
    super(HttpStatus.BAD_REQUEST, `The uploaded file is not decodable audio: ${reason}`);
  }
}

/**
 * Reads an audio file's type from its bytes (never its name) and its codec,
 * sample rate, channel count and duration from its header.
 */
@Injectable()
export class AudioInspector {
  async inspect(path: string, head: Buffer, bytes: number): Promise<AudioHeader> {
    const type = await fileTypeFromBuffer(head);
    if (!type) throw new NotAudioError(looksLikeText(head) ? 'text' : 'unrecognised binary data');
    if (!type.mime.startsWith('audio/') && !AUDIO_CONTAINERS.has(type.mime)) throw new NotAudioError(type.mime);

    const { format } = await this.readHeader(path, head, bytes, type.ext);
    const { numberOfChannels: channels, sampleRate } = format;
    if (!channels || channels < 1) throw new UndecodableAudioError('its header declares no audio channels');
    if (!sampleRate || sampleRate < 1000 || sampleRate > MAX_SAMPLE_RATE) {
      throw new UndecodableAudioError(`its header declares an invalid sample rate (${sampleRate ?? 'none'})`);
    }
    const duration = type.ext === 'wav' ? waveDuration(head, bytes, format) : format.duration;
    return {
      mime: type.mime,
      extension: `.${type.ext}`,
      codec: format.codec ?? format.container ?? type.ext,
      sampleRate,
      channels,
      duration: duration !== undefined && Number.isFinite(duration) ? duration : undefined,
    };
  }

  /**
   * Most containers put everything we need in their first bytes, which are
   * already in memory; only those that keep it at the end (MP4 with its index
   * last) are read from disk.
   */
  private async readHeader(path: string, head: Buffer, bytes: number, ext: string): Promise<IAudioMetadata> {
    const options = { duration: false, skipCovers: true, skipPostHeaders: true };
    try {
      const fromHead = await parseBuffer(head, { size: bytes }, options);
      if (fromHead.format.numberOfChannels && fromHead.format.sampleRate) return fromHead;
    } catch {
      // fall through to the whole file
    }
    try {
      return await parseFile(path, options);
    } catch (error) {
      throw new UndecodableAudioError(`its ${ext} header cannot be read (${(error as Error).message})`);
    }
  }
}

/** Sizes that writers of live recordings put in a WAV header when the length is not yet known. */
const UNKNOWN_WAVE_SIZES = new Set([0, 0xffffffff]);

/** Offset and declared size of a WAV file's data chunk, from its first bytes. */
function waveDataChunk(head: Buffer): { offset: number; size: number } | undefined {
  for (let offset = 12; offset + 8 <= head.length; ) {
    const size = head.readUInt32LE(offset + 4);
    if (head.toString('latin1', offset, offset + 4) === 'data') return { offset: offset + 8, size };
    offset += 8 + size + (size % 2);
  }
  return undefined;
}

/**
 * Seconds of a WAV file from its data chunk; a header that claims more audio
 * than the file holds is lying and refused.
 */
function waveDuration(head: Buffer, bytes: number, format: IAudioMetadata['format']): number | undefined {
  const chunk = waveDataChunk(head);
  if (!chunk) return format.duration;
  const held = bytes - chunk.offset;
  if (!UNKNOWN_WAVE_SIZES.has(chunk.size) && chunk.size > held + 1024) {
    throw new UndecodableAudioError(`its WAV header claims ${chunk.size} bytes of audio but the file holds ${held}`);
  }
  const audioBytes = UNKNOWN_WAVE_SIZES.has(chunk.size) ? held : Math.min(chunk.size, held);
  const bytesPerSecond = format.bitrate ? format.bitrate / 8 : undefined;
  return bytesPerSecond ? audioBytes / bytesPerSecond : format.duration;
}

function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  return sample.length > 0 && sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
}

export const badChannels = (declared: number, actual: number) =>
  badRequest(`channels is ${declared} but the file has ${actual} channel${actual === 1 ? '' : 's'}`, [
    { field: 'channels', message: `channels is ${declared} but the file has ${actual}` },
  ]);
