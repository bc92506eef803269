import { HttpStatus, Injectable } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import { parseFile } from 'music-metadata';
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

    let format;
    try {
      ({ format } = await parseFile(path, { duration: false, skipCovers: true, skipPostHeaders: true }));
    } catch (error) {
      throw new UndecodableAudioError(`its ${type.ext} header cannot be read (${(error as Error).message})`);
    }
    const { numberOfChannels: channels, sampleRate, duration } = format;
    if (!channels || channels < 1) throw new UndecodableAudioError('its header declares no audio channels');
    if (!sampleRate || sampleRate < 1000 || sampleRate > MAX_SAMPLE_RATE) {
      throw new UndecodableAudioError(`its header declares an invalid sample rate (${sampleRate ?? 'none'})`);
    }
    if (type.ext === 'wav') checkWaveDataSize(head, bytes);
    return {
      mime: type.mime,
      extension: `.${type.ext}`,
      codec: format.codec ?? format.container ?? type.ext,
      sampleRate,
      channels,
      duration: duration !== undefined && Number.isFinite(duration) ? duration : undefined,
    };
  }
}

/** Sizes that writers of live recordings put in a WAV header when the length is not yet known. */
const UNKNOWN_WAVE_SIZES = new Set([0, 0xffffffff]);

/** A WAV header whose data chunk claims more audio than the file holds is lying. */
function checkWaveDataSize(head: Buffer, bytes: number) {
  for (let offset = 12; offset + 8 <= head.length; ) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'data') {
      const held = bytes - offset - 8;
      if (!UNKNOWN_WAVE_SIZES.has(size) && size > held + 1024) {
        throw new UndecodableAudioError(`its WAV header claims ${size} bytes of audio but the file holds ${held}`);
      }
      return;
    }
    offset += 8 + size + (size % 2);
  }
}

function looksLikeText(head: Buffer): boolean {
  const sample = head.subarray(0, 512);
  return sample.length > 0 && sample.every((b) => b === 9 || b === 10 || b === 13 || (b >= 32 && b < 127) || b >= 128);
}

export const badChannels = (declared: number, actual: number) =>
  badRequest(`channels is ${declared} but the file has ${actual} channel${actual === 1 ? '' : 's'}`, [
    { field: 'channels', message: `channels is ${declared} but the file has ${actual}` },
  ]);
