import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Command, InvalidArgumentError } from 'commander';
import { ClientRegistryModule } from './authenticate/authenticate.module';
import { ClientsService } from './authenticate/clients.service';
import { cliDebug, describeCliFailure } from './cli-failure';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';

@Module({ imports: [ConfigModule, DatabaseModule, ClientRegistryModule] })
class CliModule {}

const cid = (value: string) => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('cid must be a positive integer');
  return Number(value);
};

/** Administration from the shell: `npm run cli -- client create --name "Acme"`. Prints JSON lines. */
async function withClients(work: (clients: ClientsService) => Promise<unknown>): Promise<void> {
  // Failures are printed once, by the handler below; the framework's own log only with --debug.
  const app = await NestFactory.createApplicationContext(CliModule, { logger: cliDebug() ? ['error', 'warn', 'debug'] : false, abortOnError: false });
  try {
    const output = await work(app.get(ClientsService));
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

program.parseAsync(process.argv).then(
  () => process.exit(0),
  (error: Error) => {
    console.error(describeCliFailure(error, cliDebug()));
    process.exit(1);
  },
);
