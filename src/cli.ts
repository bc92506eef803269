import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { ClientRegistryModule } from './authenticate/authenticate.module';
import { ClientsService } from './authenticate/clients.service';
import { cliDebug, describeCliFailure } from './cli-failure';
import { ConfigModule } from './config/config.module';
import { validateEnvironment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { WebhookEndpoints } from './webhooks/webhook-endpoints';
import { WebhookSecrets } from './webhooks/webhook-secrets';
import { configuredLocation, openAudioStore, parseStorageUrl } from './store/audio-storage';
import { migrateStore } from './store/storage-migration';

@Module({ imports: [ConfigModule, DatabaseModule, ClientRegistryModule], providers: [WebhookSecrets, WebhookEndpoints] })
class CliModule {}

const cid = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('cid must be a positive integer');
  return Number(value);
};

/** Administration from the shell: `npm run cli -- client create --name "Acme"`. Prints JSON lines. */
async function withClients(work: (clients: ClientsService) => Promise<unknown>): Promise<void> {
  await withService(ClientsService, work);
}

async function withService<T>(service: new (...args: never[]) => T, work: (service: T) => Promise<unknown>): Promise<void> {
  // Failures are printed once, by the handler below; the framework's own log only with --debug.
  const app = await NestFactory.createApplicationContext(CliModule, { logger: cliDebug() ? ['error', 'warn', 'debug'] : false, abortOnError: false });
  try {
    const output = await work(app.get(service));
    for (const line of Array.isArray(output) ? output : [output]) console.log(JSON.stringify(line));
  } finally {
    await app.close();
  }
}

const program = new Command('oliver')
  .description('Administration of the call processing service')
  .option('--debug', 'on a failure, print its stack trace and the log (also LOG_LEVEL=debug)');
const client = program.command('client').description('Manage API clients');
client
  .command('create')
  .requiredOption('--name <name>', 'a name for the client')
  .description('create a client and print its token (shown only this once)')
  .action(({ name }: { name: string }) => withClients((clients) => clients.create(name)));
client.command('list').description('list clients (no tokens)').action(() => withClients((clients) => clients.list()));
client
  .command('rotate-token')
  .requiredOption('--cid <cid>', 'the client', cid)
  .description('give the client a new token; the old one stops working')
  .action(({ cid: id }: { cid: number }) => withClients((clients) => clients.rotateToken(id)));
client
  .command('disable')
  .requiredOption('--cid <cid>', 'the client', cid)
  .description('disable the client; its token stops working')
  .action(({ cid: id }: { cid: number }) => withClients((clients) => clients.disable(id)));

/** Days, or `default` (null) for the service's setting; undefined when the option is left out. */
const days = (value: string | undefined): number | null | undefined => {
  if (value === undefined) return undefined;
  if (value === 'default') return null;
  if (!/^\d+$/.test(value) || Number(value) > 36_500) program.error('error: days must be a whole number from 0 to 36500, or "default"');
  return Number(value);
};
client
  .command('retention')
  .requiredOption('--cid <cid>', 'the client', cid)
  .option('--audio-days <days>', 'days the audio of a settled call is kept (0 keeps it; "default": AUDIO_RETENTION_DAYS)')
  .option('--result-days <days>', 'days the result of a completed call is kept (0 or "default" keeps it)')
  .description("set how long the client's audio and results are kept after a call settles")
  .action(({ cid: id, audioDays, resultDays }: { cid: number; audioDays?: string; resultDays?: string }) => {
    const audio = days(audioDays);
    const result = days(resultDays);
    return withClients((clients) =>
      clients.setRetention(id, { ...(audio !== undefined ? { audioRetentionDays: audio } : {}), ...(result !== undefined ? { resultRetentionDays: result } : {}) }),
    );
  });
const id = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('id must be a positive integer');
  return Number(value);
};
const webhook = program.command('webhook').description("Manage clients' webhook endpoints");
webhook
  .command('create')
  .requiredOption('--cid <cid>', 'the client', cid)
  .requiredOption('--url <url>', 'where to POST events')
  .requiredOption('--events <events>', 'comma-separated: process.completed, process.failed, process.deleted')
  .description('register an endpoint and print its signing secret (shown only this once)')
  .action(({ cid: owner, url, events }: { cid: number; url: string; events: string }) =>
    withService(WebhookEndpoints, (endpoints) => endpoints.register(owner, url, events.split(',').map((e) => e.trim()).filter(Boolean))),
  );
webhook
  .command('list')
  .requiredOption('--cid <cid>', 'the client', cid)
  .description("list the client's endpoints (no secrets)")
  .action(({ cid: owner }: { cid: number }) => withService(WebhookEndpoints, (endpoints) => endpoints.list(owner)));
webhook
  .command('rotate-secret')
  .requiredOption('--cid <cid>', 'the client', cid)
  .requiredOption('--id <id>', 'the endpoint', id)
  .description('give the endpoint a new secret; the old one signs beside it for WEBHOOK_SECRET_OVERLAP_SECONDS')
  .action(({ cid: owner, id: wid }: { cid: number; id: number }) => withService(WebhookEndpoints, (endpoints) => endpoints.rotateSecret(owner, wid)));
webhook
  .command('remove')
  .requiredOption('--cid <cid>', 'the client', cid)
  .requiredOption('--id <id>', 'the endpoint', id)
  .description('remove the endpoint')
  .action(({ cid: owner, id: wid }: { cid: number; id: number }) => withService(WebhookEndpoints, (endpoints) => endpoints.remove(owner, wid).then(() => ({ removed: wid }))));
const storage = program.command('storage').description('Manage the audio store');
storage
  .command('migrate')
  .requiredOption('--to <url>', 'the new store: s3://bucket/prefix (endpoint, region and credentials from the AWS settings) or file:///folder')
  .option('--from <url>', 'the store to copy from (default: the configured one, STORAGE_URL or STORAGE_DIR)')
  .option('--prune', 'also remove from the new store the recordings gone from the old one since an earlier run (retention)')
  .description('copy every recording to another store under the same key (rows stay as they are); run again to copy what is new')
  .action(async ({ to, from, prune }: { to: string; from?: string; prune?: boolean }) => {
    const env = validateEnvironment(process.env);
    const source = openAudioStore(from ? parseStorageUrl(from) : configuredLocation(env), env);
    const report = await migrateStore(source, openAudioStore(parseStorageUrl(to), env), {
      prune,
      onCopied: (key, bytes) => console.log(JSON.stringify({ copied: key, bytes })),
    });
    console.log(JSON.stringify(report));
  });

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(describeCliFailure(error, cliDebug()));
    process.exit(1);
  },
);
