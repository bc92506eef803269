import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PermanentFailure, TransientFailure } from '../../src/process/analysis-runner';
import { downloadFailure } from '../../src/process/url-downloader';

/** An error as Node's dns.lookup gives it: the code, and a message naming the host. */
const lookupError = (code: string) => Object.assign(new Error(`getaddrinfo ${code} recordings.example.com`), { code, syscall: 'getaddrinfo', hostname: 'recordings.example.com' });

describe('what a broken download means for the call', () => {
  test('a host name that does not exist (ENOTFOUND) fails at once, in words that name no host', () => {
    const failure = downloadFailure(lookupError('ENOTFOUND'), false);
    assert.ok(failure instanceof PermanentFailure);
    assert.equal(failure.message, "Download failed: the recording's host name does not resolve");
  });

  for (const code of ['EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH']) {
    test(`${code} is worth another attempt`, () => {
      const failure = downloadFailure(lookupError(code), false);
      assert.ok(failure instanceof TransientFailure);
      assert.equal(failure.message, `Download failed: ${code}`);
    });
  }

  test('a download over its time limit is worth another attempt, whatever error the abort left', () => {
    for (const code of ['ENOTFOUND', 'ABORT_ERR']) {
      const failure = downloadFailure(lookupError(code), true);
      assert.ok(failure instanceof TransientFailure);
      assert.equal(failure.message, 'Download failed: it took longer than the time limit');
    }
  });

  test('an error with no code: the transfer broke off, retried', () => {
    const failure = downloadFailure(new Error('socket hang up for recordings.example.com'), false);
    assert.ok(failure instanceof TransientFailure);
    assert.equal(failure.message, 'Download failed: the transfer broke off');
  });
});
