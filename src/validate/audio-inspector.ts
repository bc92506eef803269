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
    if (type.ext === 'wav') checkWaveSize(format.bitsPerSample, channels, sampleRate, duration, bytes);
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

/** A WAV header that claims far more audio than the file holds is lying. */
function checkWaveSize(bits: number | undefined, channels: number, rate: number, duration: number | undefined, bytes: number) {
  if (!bits || !duration) return;
  const claimed = duration * rate * channels * (bits / 8);
  if (claimed > bytes * 1.01 + 1024) {
    throw new UndecodableAudioError(`its WAV header claims ${Math.round(claimed)} bytes of audio but the file holds ${bytes}`);
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
