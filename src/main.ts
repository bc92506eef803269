import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoLogger } from 'nestjs-pino';
import { AllInOneModule, ApiModule, WorkerModule } from './app.modules';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { configureHttpApp, secureHttpApp, serveDocs } from './http-app';

/** Graceful shutdown runs through Nest's hooks; this bounds how long it may take. */
function boundShutdown(timeoutMs: number): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      Logger.log(`${signal}: finishing work in hand (at most ${timeoutMs} ms)`, 'Main');
      setTimeout(() => {
        Logger.error(`Still busy ${timeoutMs} ms after ${signal}; exiting now`, 'Main');
        process.exit(1);
      }, timeoutMs).unref();
    });
  }
}

async function main(): Promise<void> {
  const env = validateEnvironment(process.env);
  boundShutdown(env.SHUTDOWN_TIMEOUT_MS);
  if (env.ROLE === 'worker') {
    const worker = await NestFactory.createApplicationContext(WorkerModule, { bufferLogs: true });
    worker.useLogger(worker.get(PinoLogger));
    worker.enableShutdownHooks();
    Logger.log('Worker started', 'Main');
    return;
  }
  const app = await NestFactory.create<NestExpressApplication>(env.ROLE === 'api' ? ApiModule : AllInOneModule, { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  configureHttpApp(app);
  secureHttpApp(app, env);
  serveDocs(app);
  app.enableShutdownHooks();
  await app.listen(env.PORT, env.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  Logger.log(`Listening on http://${env.HOST}:${port} (role ${env.ROLE}); API docs at /docs`, 'Main');
}

main().catch((error: Error) => {
  // A bad setting is a message for a person, not a stack trace.
  console.error(error instanceof InvalidEnvironmentError ? error.message : (error.stack ?? error.message));
  process.exit(1);
});
