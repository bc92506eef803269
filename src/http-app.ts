import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
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

export function serveDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app, VERSION);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });
}
