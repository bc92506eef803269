import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidEnvironmentError, trustProxySetting, validateEnvironment } from '../../src/config/environment';

test('TRUST_PROXY is off unless set', () => {
  assert.equal(trustProxySetting(validateEnvironment({}).TRUST_PROXY), false);
});

test('TRUST_PROXY takes a yes or no, a hop count, or the addresses and ranges of the proxies', () => {
  const cases: [string, boolean | number | string][] = [
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback', 'loopback'],
    ['10.0.0.0/8, 192.168.1.5', '10.0.0.0/8, 192.168.1.5'],
    ['uniquelocal,fd00::/8,::1', 'uniquelocal,fd00::/8,::1'],
  ];
  for (const [raw, setting] of cases) assert.deepEqual(trustProxySetting(validateEnvironment({ TRUST_PROXY: raw }).TRUST_PROXY), setting, raw);
});

test('a TRUST_PROXY Express could not read stops the start, naming the variable', () => {
  for (const raw of ['sometimes', '10.0.0.0/33', '::1/129', '10.0.0.1/8/9', 'loopback,,', '300.1.1.1', '-1']) {
    assert.throws(() => validateEnvironment({ TRUST_PROXY: raw }), (error: Error) => error instanceof InvalidEnvironmentError && /TRUST_PROXY=/.test(error.message) && /hop count/.test(error.message), raw);
  }
});
