import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

export const AUTH_SCHEME = 'X-Auth-Token';

/** The OpenAPI document of the API, built from the controllers and DTOs. */
export function buildOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Oliver-compatible call processing API')
    .setDescription(
      'Submit call recordings with their metadata, poll their processing, and read the measured results. ' +
        'Speaks the Oliver API (`/client/{cid}/process/...`): existing Oliver clients work unchanged. ' +
        'Errors have the body `{code, message, details?}`.',
    )
    .setVersion(version)
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addApiKey({ type: 'apiKey', in: 'header', name: AUTH_SCHEME, description: "The client's token" }, AUTH_SCHEME)
    .addServer('/', 'This server')
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: (_controller, method) => method,
  });
  // Routes without a token (status, probes) say so, rather than leaving it unsaid.
  for (const operations of Object.values(document.paths)) {
    for (const operation of Object.values(operations)) {
      if (typeof operation === 'object' && 'responses' in operation) {
        operation.security ??= [];
        // Nest puts the property's TypeScript type beside a oneOf, which would narrow it: the oneOf is the type.
        for (const parameter of operation.parameters ?? []) {
          if ('schema' in parameter && parameter.schema && 'oneOf' in parameter.schema) delete parameter.schema.type;
        }
      }
    }
  }
  return document;
}

/** Key order fixed, so the committed file diffs cleanly. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

export const serialiseOpenApi = (document: OpenAPIObject) => `${JSON.stringify(sortKeys(document), null, 2)}\n`;
