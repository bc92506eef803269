import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isDependencyUnavailable } from '../../src/common/unavailable';

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
