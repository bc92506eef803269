import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { ClientRegistryModule } from './authenticate/authenticate.module';
import { ClientsService } from './authenticate/clients.service';
import { ConfigModule } from './config/config.module';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { DatabaseModule } from './database/database.module';
import { configuredLocation, openAudioStore, parseStorageUrl } from './store/audio-storage';
import { migrateStore } from './store/storage-migration';

@Module({ imports: [ConfigModule, DatabaseModule, ClientRegistryModule] })
class CliModule {}

const cid = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('cid must be a positive integer');
  return Number(value);
};

/** Administration from the shell: `npm run cli -- client create --name "Acme"`. Prints JSON lines. */
async function withClients(work: (clients: ClientsService) => Promise<unknown>): Promise<void> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const output = await work(app.get(ClientsService));
    for (const line of Array.isArray(output) ? output : [output]) console.log(JSON.stringify(line));
  } finally {
    await app.close();
  }
}

const program = new Command('oliver').description('Administration of the call processing service');
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
    console.error(error instanceof InvalidEnvironmentError ? error.message : (error.stack ?? error.message));
    process.exit(1);
  },
);
