import { Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { Environment } from '../config/environment';

/** LOG_LEVEL speaks Nest's names; pino has its own. */
const PINO_LEVELS = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' } as const;
/** Probes and scrapes come every few seconds and say nothing worth keeping. */
const QUIET_PATHS = new Set(['/health/live', '/health/ready', '/metrics']);
/** An id a proxy or a client already gave the request, if it is a sane one. */
const INCOMING_ID = /^[\w.:@-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

const pathOf = (url: string | undefined) => (url ?? '').split('?')[0];

/** Where the exception filter leaves the message of a 4xx answer, in Express's `res.locals`. */
export const REFUSAL_REASON = 'refusalReason';

/**
 * One JSON line per event on stdout, for a log pipeline. Every line of a
 * request carries its id (`req.id`), which is also sent back as X-Request-Id
 * and travels with the job into the worker (`requestId`). Query strings
 * (phone numbers, customer ids) and headers (tokens) are never logged; a
 * 4xx line carries the answer's message as `reason`.
 */
export function httpLogOptions(env: Environment): Options {
  return {
    level: PINO_LEVELS[env.LOG_LEVEL as keyof typeof PINO_LEVELS],
    formatters: { level: (label) => ({ level: label }) },
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && INCOMING_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader(REQUEST_ID_HEADER, id);
      return id;
    },
    serializers: {
      // Express's ip is the client's address as TRUST_PROXY allows it to be read; the socket's when no proxy is trusted.
      req: (req: { id: unknown; method: string; url: string; remoteAddress?: string; raw?: { ip?: string } }) => ({
        id: req.id,
        method: req.method,
        path: pathOf(req.url),
        remoteAddress: req.raw?.ip ?? req.remoteAddress,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_request, response, error) => (error || response.statusCode >= 500 ? 'error' : 'info'),
    // A refused request's line says why, with the message the client got (which names fields, not their values).
    customSuccessObject: (_request, response, line: object) => {
      const reason = (response as ServerResponse & { locals?: Record<string, unknown> }).locals?.[REFUSAL_REASON];
      return typeof reason === 'string' ? { ...line, reason } : line;
    },
    autoLogging: { ignore: (request) => QUIET_PATHS.has(pathOf(request.url)) },
  };
}

@Module({
  imports: [LoggerModule.forRootAsync({ inject: [Environment], useFactory: (env: Environment) => ({ pinoHttp: httpLogOptions(env) }) })],
})
export class LoggingModule {}
