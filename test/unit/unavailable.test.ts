import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallFault, isDependencyUnavailable, isDiskFull, isInfrastructureFault } from '../../src/common/unavailable';

const coded = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('which errors mean "the database cannot be reached now"', () => {
  for (const error of [
    coded('ECONNREFUSED'),
    coded('57P01', 'terminating connection due to administrator command'),
    coded('08006'),
    coded('SQLITE_BUSY'),
    coded('SQLITE_IOERR_WRITE'),
    new Error('Connection terminated unexpectedly'),
    Object.assign(new Error('query failed'), { driverError: coded('ECONNRESET') }),
  ]) {
    test(`unavailable: ${(error as { code?: string }).code ?? error.message}`, () => assert.equal(isDependencyUnavailable(error), true));
  }
  for (const error of [new Error('boom'), coded('23505', 'duplicate key'), coded('SQLITE_CONSTRAINT'), new TypeError('x is undefined'), undefined, 'text']) {
    test(`a fault, not an outage: ${String((error as { code?: string })?.code ?? error)}`, () => assert.equal(isDependencyUnavailable(error), false));
  }
});

describe('which worker failures are outages of ours (they spend no attempt) and which the call\'s own', () => {
  const refused = coded('ECONNREFUSED');
  for (const error of [
    coded('ECONNREFUSED'),
    coded('SQLITE_FULL'),
    coded('ENOSPC', 'no space left on device'),
    coded('EDQUOT'),
    Object.assign(new Error('query failed'), { driverError: coded('57P01') }),
    new Error('Reached the max retries per request limit (which is 20). Refer to "maxRetriesPerRequest" option for details.'),
  ]) {
    test(`an outage: ${(error as { code?: string }).code ?? error.message}`, () => assert.equal(isInfrastructureFault(error), true));
  }
  for (const error of [
    new CallFault('Download failed: ECONNREFUSED', { cause: refused }),
    new CallFault('Download failed: ENOSPC', { cause: coded('ENOSPC') }),
    new Error('The analysis thread stopped with code 1'),
    coded('EACCES'),
  ]) {
    test(`the call's own, or unknown: ${error.message}`, () => {
      assert.equal(isInfrastructureFault(error), false);
      assert.equal(isDependencyUnavailable(error), false);
    });
  }
  test('a full disk is told apart from the network', () => {
    assert.equal(isDiskFull(coded('ENOSPC')), true);
    assert.equal(isDiskFull(refused), false);
  });
});
