/**
 * A failure that belongs to the call itself (its audio, its URL's server),
 * never to the service's own dependencies, whatever error code it carries:
 * a URL whose server refuses the connection is the call's fault, not an
 * outage of ours.
 */
export class CallFault extends Error {}

/**
 * Errors that mean a dependency (the database) cannot be reached right now,
 * as opposed to a fault in the request or in our code: the caller should
 * get the contract's 503 and try again later.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/** The audio store's driver says the store is away or refused (store/audio-store.ts StoreUnavailable). */
const STORE_UNAVAILABLE = 'ESTOREUNAVAILABLE';
/** PostgreSQL: connection exceptions (class 08), shutting down or starting up (57P01-57P03), too many connections. */
const POSTGRES_CODE = /^(08\w{3}|57P0[1-3]|53300)$/;
const SQLITE_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_IOERR', 'SQLITE_FULL', 'SQLITE_CANTOPEN']);
/** node-postgres and TypeORM connection failures; ioredis giving up on a command while Redis is away. */
const MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection is not established|database system is (shutting down|starting up)|Reached the max retries per request limit|Connection is closed/i;
/** A local file system with no room left (POSIX ENOSPC; EDQUOT when a quota is reached). */
const DISK_FULL_CODES = new Set(['ENOSPC', 'EDQUOT']);

type Failure = { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown };
const codeOf = (failure: Failure) => (typeof failure.code === 'string' ? failure.code : '');

/** Whether `test` holds for the error or one of its causes, up to a call's own fault. */
function somewhereInCauses(error: unknown, test: (failure: Failure) => boolean): boolean {
  for (let current = error as Failure | undefined, depth = 0; current && depth < 4; depth++) {
    if (current instanceof CallFault) return false;
    if (test(current)) return true;
    current = (current.driverError ?? current.cause) as Failure | undefined;
  }
  return false;
}

function unreachable(failure: Failure): boolean {
  const code = codeOf(failure);
  if (NETWORK_CODES.has(code) || code === STORE_UNAVAILABLE || POSTGRES_CODE.test(code) || SQLITE_CODES.has(code.split('_', 2).join('_'))) return true;
  return typeof failure.message === 'string' && MESSAGES.test(failure.message);
}

export function isDependencyUnavailable(error: unknown): boolean {
  return somewhereInCauses(error, unreachable);
}

/** ENOSPC or EDQUOT from our own storage. */
export function isDiskFull(error: unknown): boolean {
  return somewhereInCauses(error, (failure) => DISK_FULL_CODES.has(codeOf(failure)));
}

/**
 * A fault of the service's own infrastructure (database, Redis, the audio
 * store, a full disk) rather than of the call: retrying later will mend it, and it must
 * not spend one of the call's attempts.
 */
export function isInfrastructureFault(error: unknown): boolean {
  return somewhereInCauses(error, (failure) => unreachable(failure) || DISK_FULL_CODES.has(codeOf(failure)));
}
