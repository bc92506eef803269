import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ApiModule } from '../src/app.modules';
import { configureHttpApp, VERSION } from '../src/http-app';
import { buildOpenApiDocument, serialiseOpenApi } from '../src/openapi/openapi-document';

/**
 * Writes openapi/openapi.json from the code, or with --check fails when the
 * committed file differs. Preview mode builds the module graph without
 * creating providers: nothing listens, nothing connects.
 */
async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const target = resolve(__dirname, '../../openapi/openapi.json');
  const app = await NestFactory.create(ApiModule, { preview: true, logger: ['error'], abortOnError: false });
  configureHttpApp(app);
  const generated = serialiseOpenApi(buildOpenApiDocument(app, VERSION));
  await app.close();
  if (!check) {
    writeFileSync(target, generated);
    console.log(`Wrote ${target}`);
    return;
  }
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // a missing file is a difference like any other
  }
  if (committed !== generated) {
    console.error(`${target} is out of date with the code. Run "npm run openapi" and commit the result.`);
    process.exit(1);
  }
  console.log(`${target} matches the code.`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
