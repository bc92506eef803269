import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { maxHeaderSize, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { trustProxySetting, type Environment } from './config/environment';
import { Metrics } from './status/metrics';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { apiValidationPipe } from './common/validation';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { svgResponsesAsImages } from './openapi/swagger-ui-svg';

// Read at run time from the package itself, not copied into the build.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const VERSION: string = require('../../package.json').version;

/** Everything the HTTP app needs besides its modules; shared by main and the spec generator. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  return app;
}

/** What only a listening server needs: security headers, CORS when asked for, time limits. */
export function secureHttpApp(app: NestExpressApplication, env: Environment): void {
  // request.ip, which the per-address limit counts and the logs show, follows it.
  app.set('trust proxy', trustProxySetting(env.TRUST_PROXY));
  app.use(app.get(Metrics).timeRequests);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Swagger UI styles itself inline and draws icons from data: URLs; scripts stay same-origin.
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          // Over plain HTTP on a host name the browser would rewrite every script and style of
          // /docs and /admin/queues to https and fail to load them (CSP Level 3, "Upgrade Insecure Requests").
          'upgrade-insecure-requests': env.BEHIND_TLS ? [] : null,
        },
      },
      // RFC 6797: only meaningful, and only safe to promise, when clients do reach the service over TLS.
      strictTransportSecurity: env.BEHIND_TLS,
      // Browsers ignore it on a plain-HTTP origin, and say so as an error on every page.
      crossOriginOpenerPolicy: env.BEHIND_TLS,
    }),
  );
  const origins = env.CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [];
  if (origins.length > 0) app.enableCors({ origin: origins, allowedHeaders: ['Content-Type', 'X-Auth-Token', 'Idempotency-Key'] });
  limitRequestTime(app.getHttpServer() as Server, env.REQUEST_TIMEOUT_MS);
}

/** Node's default wait for a request's headers, kept when the request limit is longer. */
const HEADERS_TIMEOUT_MS = 60_000;
/** How often Node looks for requests over their limit; the limit holds to within this. */
const CONNECTIONS_CHECK_MS = 1000;

/**
 * Every request, headers and body, is cut `requestTimeoutMs` after it began
 * (to within a second), and a request Node cannot read is answered in the
 * contract's body. Node checks its time limits only every 30 s by default,
 * and a header timeout above the request timeout (its default 60 s against a
 * shorter limit) is not honoured: both are set here.
 */
function limitRequestTime(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs);
  // Read when the server starts listening, so it is set before.
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.min(CONNECTIONS_CHECK_MS, requestTimeoutMs);
  server.on('clientError', answerClientError(requestTimeoutMs));
}

/** Bytes of the request line and headers Node accepts (its --max-http-header-size). */
const MAX_HEAD_BYTES = maxHeaderSize;
/** How long the rest of a refused request is read and dropped, so its client gets to read the answer. */
const DRAIN_REFUSED_MS = 5000;
const answered = new WeakSet<Duplex>();

/** Node's answer to a request it could not read or that ran out of time, as the contract's status and message. */
function clientErrorAnswer(code: string | undefined, requestTimeoutMs: number): [number, string, string] | undefined {
  if (code === 'HPE_HEADER_OVERFLOW') {
    return [431, 'Request Header Fields Too Large', `The request's URL and headers are larger than the limit of ${MAX_HEAD_BYTES} bytes; keep query parameters short (meta: at most 10240 bytes)`];
  }
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return [408, 'Request Timeout', `The request took longer than the limit of ${requestTimeoutMs} ms to arrive`];
  }
  if (code === 'HPE_CHUNK_EXTENSIONS_OVERFLOW') return [413, 'Payload Too Large', 'The chunk extensions of the request are too large'];
  // llhttp's codes: a request line, header or chunked body that is not HTTP/1.1.
  if (code?.startsWith('HPE_')) return [400, 'Bad Request', 'The request is not well-formed HTTP/1.1'];
  return undefined; // the connection broke: nobody to answer
}

/**
 * Node answers a request it cannot read (a megabyte of `meta` in the query
 * string, a broken chunked body) or that is over its time with a bare status
 * line, or none; this gives the answer the contract's error body and lets the
 * client finish sending so that it reads it.
 */
function answerClientError(requestTimeoutMs: number) {
  return (error: NodeJS.ErrnoException, socket: Duplex): void => {
    // Node's parser reports the same error again for every chunk still arriving; those are dropped.
    if (answered.has(socket)) return;
    const answer = clientErrorAnswer(error.code, requestTimeoutMs);
    // Once a response has begun, another status line would corrupt it.
    const response = (socket as Duplex & { _httpMessage?: { headersSent: boolean } })._httpMessage;
    if (!answer || !socket.writable || response?.headersSent) {
      socket.destroy();
      return;
    }
    answered.add(socket);
    const [status, reason, message] = answer;
    const body = JSON.stringify({ code: status, message });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    socket.resume();
    setTimeout(() => socket.destroy(), DRAIN_REFUSED_MS).unref();
  };
}

export function serveDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app, VERSION);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true, plugins: [svgResponsesAsImages] },
  });
}
