import type { FieldError } from './api-errors';
import { CallFault } from './unavailable';

/**
 * What went wrong with a request's content, as the rules of the service see
 * it. The edges turn a code into what their audience reads: the HTTP filter
 * into a status, the worker into a process's `statusmsg`.
 */
export enum DomainErrorCode {
  /** The bytes are not audio at all. */
  NotAudio = 'NOT_AUDIO',
  /** The bytes look like audio, but hold no stream the decoder can read. */
  UndecodableAudio = 'UNDECODABLE_AUDIO',
  /** The declared channel count differs from the file's. */
  ChannelMismatch = 'CHANNEL_MISMATCH',
  /** The call is longer than MAX_CALL_SECONDS. */
  TooLong = 'TOO_LONG',
  /** The uploaded file's name is not a plain name. */
  BadFileName = 'BAD_FILE_NAME',
  /** Decoding took longer than DECODE_TIMEOUT_SECONDS. */
  DecodeTimeout = 'DECODE_TIMEOUT',
}

/**
 * A refusal in a person's words. `message` is shown to the client as is, so
 * it never carries library text, paths or host names: those go in `cause`,
 * which only the log sees. It is the call's own fault, never an outage of
 * ours, whatever its cause says.
 */
export class DomainError extends CallFault {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: FieldError[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DomainError';
  }
}

/** The text of an error and of its causes, for the log only. */
export function describeCauses(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as { message?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    parts.push(typeof current.message === 'string' ? current.message : String(current));
    current = current.cause as typeof current;
  }
  return parts.join(' ← ');
}
