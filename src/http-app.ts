import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { Server } from 'node:http';
import type { Environment } from './config/environment';
import { Metrics } from './status/metrics';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { apiValidationPipe } from './common/validation';
import { buildOpenApiDocument } from './openapi/openapi-document';

export const VERSION: string = require('../../package.json').version;

/** Everything the HTTP app needs besides its modules; shared by main and the spec generator. */
export function configureHttpApp(app: INestApplication): INestApplication {
  app.useGlobalPipes(apiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  return app;
}

/** What only a listening server needs: security headers, CORS when asked for, time limits. */
export function secureHttpApp(app: INestApplication, env: Environment): void {
  app.use(app.get(Metrics).timeRequests);
  app.use(
    helmet({
      // Swagger UI styles itself inline and draws icons from data: URLs; scripts stay same-origin.
      contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'] } },
    }),
  );
  const origins = env.CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean) ?? [];
  if (origins.length > 0) app.enableCors({ origin: origins, allowedHeaders: ['Content-Type', 'X-Auth-Token', 'Idempotency-Key'] });
  const server = app.getHttpServer() as Server;
  server.requestTimeout = env.REQUEST_TIMEOUT_MS;
}

export function serveDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app, VERSION);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
}
