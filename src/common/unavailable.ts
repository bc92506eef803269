/**
 * Errors that mean a dependency (the database) cannot be reached right now,
 * as opposed to a fault in the request or in our code: the caller should
 * get the contract's 503 and try again later.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** PostgreSQL: connection exceptions (class 08), shutting down or starting up (57P01-57P03), too many connections. */
const POSTGRES_CODE = /^(08\w{3}|57P0[1-3]|53300)$/;
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN']);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|database system is (shutting down|starting up)/i;

export function isDependencyUnavailable(error: unknown): boolean {
  for (let current = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    const code = typeof current.code === 'string' ? current.code : '';
    if (NETWORK_CODES.has(code) || POSTGRES_CODE.test(code) || SQLITE_CODES.has(code.split('_', 2).join('_'))) return true;
    if (typeof current.message === 'string' && MESSAGES.test(current.message)) return true;
    current = (current.driverError ?? current.cause) as typeof current;
  }
  return false;
}
