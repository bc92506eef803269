import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DomainError, DomainErrorCode } from '../../src/common/domain-error';
import { PermanentFailure, TransientFailure } from '../../src/process/analysis-runner';
import { FAILURE_REASONS, failureReason } from '../../src/process/failure-reason';
import { downloadFailure } from '../../src/process/url-downloader';

const coded = (code: string) => Object.assign(new Error(code), { code });

describe("the failures metric's reason, from the error", () => {
  for (const [code, reason] of [
    [DomainErrorCode.NotAudio, 'unsupported_format'],
    [DomainErrorCode.UndecodableAudio, 'undecodable'],
    [DomainErrorCode.ChannelMismatch, 'channel_mismatch'],
    [DomainErrorCode.TooLong, 'too_long'],
    [DomainErrorCode.BadFileName, 'bad_file_name'],
    [DomainErrorCode.DecodeTimeout, 'timeout'],
  ] as const) {
    test(`${code} → ${reason}`, () => assert.equal(failureReason(new DomainError(code, 'x')), reason));
  }

  test('a download gives its own reason', () => {
    assert.equal(failureReason(downloadFailure(coded('ENOTFOUND'), false)), 'host_not_found');
    assert.equal(failureReason(downloadFailure(coded('EAI_AGAIN'), false)), 'download_failed');
    assert.equal(failureReason(downloadFailure(coded('ECONNRESET'), true)), 'timeout');
    assert.equal(failureReason(new PermanentFailure('Download refused: too large', { reason: 'download_refused' })), 'download_refused');
    assert.equal(failureReason(new TransientFailure('Download failed: HTTP 503', { reason: 'download_failed' })), 'download_failed');
  });

  test('an outage of ours: the disk or a dependency', () => {
    assert.equal(failureReason(coded('ENOSPC'), true), 'disk_full');
    assert.equal(failureReason(coded('ECONNREFUSED'), true), 'dependency_unavailable');
  });

  test('anything else is internal, and every reason is of the fixed set', () => {
    assert.equal(failureReason(new Error('The analysis thread stopped with code 1')), 'internal');
    assert.equal(failureReason(undefined), 'internal');
    assert.equal(new Set(FAILURE_REASONS).size, FAILURE_REASONS.length);
    for (const reason of FAILURE_REASONS) assert.match(reason, /^[a-z_]+$/);
  });
});
