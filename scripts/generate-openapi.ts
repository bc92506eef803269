import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ApiModule } from '../src/app.modules';
import { configureHttpApp, VERSION } from '../src/http-app';
import { buildOpenApiDocument, serialiseOpenApi } from '../src/openapi/openapi-document';

const ROOT = resolve(__dirname, '../..');
const SPEC = resolve(ROOT, 'openapi/openapi.json');
const SDK_SCHEMA = resolve(ROOT, 'sdk/src/schema.d.ts');

/**
 * Writes openapi/openapi.json from the code and the SDK's types from that
 * document; with --check, fails when either committed file differs. Preview
 * mode builds the module graph without creating providers: nothing listens,
 * nothing connects.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const app = await NestFactory.create(ApiModule, { preview: true, logger: ['error'], abortOnError: false });
  configureHttpApp(app);
  const document = buildOpenApiDocument(app, VERSION);
  await app.close();
  const spec = serialiseOpenApi(document);
  const artefacts: [string, string][] = [
    [SPEC, spec],
    [SDK_SCHEMA, await sdkTypes(JSON.parse(spec))],
  ];
  let stale = 0;
  for (const [target, generated] of artefacts) {
    const name = relative(ROOT, target);
    if (!check) {
      writeFileSync(target, generated);
      console.log(`Wrote ${name}`);
    } else if (committed(target) !== generated) {
      console.error(`${name} is out of date with the code. Run "npm run openapi" and commit the result.`);
      stale++;
    } else {
      console.log(`${name} matches the code.`);
    }
  }
  if (stale > 0) process.exit(1);
}

function committed(target: string): string {
  try {
    return readFileSync(target, 'utf8');
  } catch {
    return ''; // a missing file is a difference like any other
  }
}

/** The SDK's TypeScript types of every path, operation and schema, by openapi-typescript. */
async function sdkTypes(document: object): Promise<string> {
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  const { factory } = await import('typescript');
  // A file to upload is a Blob (or File) in the SDK, not a string.
  const blob = factory.createTypeReferenceNode('Blob');
  const ast = await openapiTS(document as never, {
    alphabetize: true,
    transform: (schema) => (schema.format === 'binary' ? blob : undefined),
  });
  return `// Generated from openapi/openapi.json by "npm run openapi"; do not edit.\n\n${astToString(ast)}`;
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
