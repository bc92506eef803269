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
  const server = app.getHttpServer() as Server;
  server.requestTimeout = env.REQUEST_TIMEOUT_MS;
  server.on('clientError', answerOversizedHead);
}

/** Bytes of the request line and headers Node accepts (its --max-http-header-size). */
const MAX_HEAD_BYTES = maxHeaderSize;
/** How long the rest of an oversized request is read and dropped, so its client gets to read the answer. */
const DRAIN_OVERSIZED_MS = 5000;
const answered = new WeakSet<Duplex>();

/**
 * Node answers a request line or headers over its limit (a megabyte of `meta`
 * in the query string, say) with a bare 431 and a reset connection; this
 * gives it the contract's error body and lets the client finish sending.
 */
function answerOversizedHead(error: NodeJS.ErrnoException, socket: Duplex): void {
  // Node's parser reports the same error again for every chunk still arriving; those are dropped.
  if (answered.has(socket)) return;
  if (error.code !== 'HPE_HEADER_OVERFLOW' || !socket.writable) {
    socket.destroy();
    return;
  }
  answered.add(socket);
  const body = JSON.stringify({
    code: 431,
    message: `The request's URL and headers are larger than the limit of ${MAX_HEAD_BYTES} bytes; keep query parameters short (meta: at most 10240 bytes)`,
  });
  socket.end(`HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  socket.resume();
  setTimeout(() => socket.destroy(), DRAIN_OVERSIZED_MS).unref();
}

export function serveDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app, VERSION);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
}
