import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDependencyUnavailable, isInfrastructureFault } from '../../src/common/unavailable';
import { validateEnvironment } from '../../src/config/environment';
import { checkKey, StoreUnavailable } from '../../src/store/audio-store';
import { configuredLocation, parseStorageUrl } from '../../src/store/audio-storage';

describe('STORAGE_URL: which store the service uses', () => {
  test('unset: the folder STORAGE_DIR (the embedded default)', () => {
    assert.deepEqual(configuredLocation(validateEnvironment({})), { kind: 'file', root: './data/audio' });
    assert.deepEqual(configuredLocation(validateEnvironment({ STORAGE_DIR: '/srv/audio' })), { kind: 'file', root: '/srv/audio' });
  });

  test('file:///folder is a folder; it wins over STORAGE_DIR', () => {
    assert.deepEqual(configuredLocation(validateEnvironment({ STORAGE_URL: 'file:///var/lib/oliver/audio', STORAGE_DIR: '/tmp/x' })), { kind: 'file', root: '/var/lib/oliver/audio' });
  });

  test('s3://bucket/prefix is a bucket and a key prefix, without slashes at its ends', () => {
    assert.deepEqual(parseStorageUrl('s3://oliver-audio/calls/eu/'), { kind: 's3', bucket: 'oliver-audio', prefix: 'calls/eu' });
    assert.deepEqual(parseStorageUrl('s3://oliver-audio'), { kind: 's3', bucket: 'oliver-audio', prefix: '' });
  });

  test('anything else stops the start naming the variable', () => {
    for (const url of ['http://bucket/x', 's3://', 'file://relative/path', '/var/lib/audio', 's3://Upper_Case']) {
      assert.throws(() => validateEnvironment({ STORAGE_URL: url }), /STORAGE_URL=.*file:\/\/\/absolute\/folder or s3:\/\/bucket/);
    }
    assert.throws(() => validateEnvironment({ S3_FORCE_PATH_STYLE: 'maybe' }), /S3_FORCE_PATH_STYLE/);
    assert.throws(() => validateEnvironment({ AWS_ENDPOINT_URL: 'minio:9000' }), /AWS_ENDPOINT_URL/);
  });
});

describe('keys of the store', () => {
  test('relative paths inside the store are keys', () => {
    assert.equal(checkKey('2026/01/02/4f9c.wav'), '2026/01/02/4f9c.wav');
    assert.equal(checkKey('.incoming/api-1/4f9c.part'), '.incoming/api-1/4f9c.part');
  });
  for (const key of ['/etc/passwd', '../outside.wav', '2026/../../x', '2026//x.wav', '', 'a\\b', 'a/./b']) {
    test(`refused: ${JSON.stringify(key)}`, () => assert.throws(() => checkKey(key), /not a key inside the store/));
  }
});

test('a store that does not answer is an outage of ours (503; a job waits without spending an attempt)', () => {
  const error = new Error('query failed', { cause: new StoreUnavailable('The object store did not answer (ECONNREFUSED)') });
  assert.equal(isDependencyUnavailable(error), true);
  assert.equal(isInfrastructureFault(error), true);
});
