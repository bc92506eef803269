import { DomainError, DomainErrorCode } from '../common/domain-error';
import { isDiskFull } from '../common/unavailable';
import { PermanentFailure, TransientFailure } from './analysis-runner';

/**
 * Why a processing attempt failed, as the failures metric's `reason` label
 * says it: a small fixed set, so the label never grows with the messages.
 */
export const FAILURE_REASONS = [
  'unsupported_format',
  'undecodable',
  'channel_mismatch',
  'too_long',
  'bad_file_name',
  'timeout',
  'download_failed',
  'download_refused',
  'host_not_found',
  'dependency_unavailable',
  'disk_full',
  'audio_missing',
  'internal',
] as const;

export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The reasons a fetch of the call's audio gives (PermanentFailure, TransientFailure): a download, or the store. */
export type DownloadFailureReason = Extract<FailureReason, 'download_failed' | 'download_refused' | 'host_not_found' | 'timeout' | 'audio_missing'>;

/** Each domain error code's reason; checked complete at compile time. */
const DOMAIN_REASONS: Record<DomainErrorCode, FailureReason> = {
  [DomainErrorCode.NotAudio]: 'unsupported_format',
  [DomainErrorCode.UndecodableAudio]: 'undecodable',
  [DomainErrorCode.ChannelMismatch]: 'channel_mismatch',
  [DomainErrorCode.TooLong]: 'too_long',
  [DomainErrorCode.BadFileName]: 'bad_file_name',
  [DomainErrorCode.DecodeTimeout]: 'timeout',
};

/**
 * The reason of a failed attempt: the domain error's code, the download's
 * own reason, an outage of ours (disk full or a dependency away), or
 * `internal` for anything else (a crashed analysis thread, a bug).
 */
export function failureReason(error: unknown, outage = false): FailureReason {
  if (outage) return isDiskFull(error) ? 'disk_full' : 'dependency_unavailable';
  if (error instanceof DomainError) return DOMAIN_REASONS[error.code] ?? 'internal';
  if (error instanceof PermanentFailure || error instanceof TransientFailure) return error.reason;
  return 'internal';
}
