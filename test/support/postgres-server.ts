import { execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort } from './ports';
import { waitFor } from './service';

const BIN = join('/usr/lib/postgresql', readdirSync('/usr/lib/postgresql').sort().at(-1)!, 'bin');
/** PostgreSQL refuses to run as root; the Debian package's own user runs the throwaway cluster. */
const AS_POSTGRES = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];

function run(command: string, ...args: string[]): void {
  const [file, ...rest] = [...AS_POSTGRES, join(BIN, command), ...args];
  execFileSync(file, rest, { stdio: ['ignore', 'ignore', 'pipe'] });
}

/** A PostgreSQL cluster of the test's own (initdb) on a spare port, to stop and start at will. */
export class PrivatePostgres {
  private constructor(
    readonly port: number,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(join(tmpdir(), 'oliver-pg-'));
    if (AS_POSTGRES.length > 0) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    run('initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync');
    const server = new PrivatePostgres(await freePort(), dir);
    await server.start();
    await server.admin('CREATE DATABASE oliver');
    return server;
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/oliver`;
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -k ${this.dir} -c fsync=off`;
    run('pg_ctl', '-D', join(this.dir, 'data'), '-o', options, '-l', join(this.dir, 'log'), '-w', 'start');
    await waitFor(() => this.answers(), 10_000);
  }

  /** As if the server crashed: no goodbye to its clients. */
  async stop(): Promise<void> {
    run('pg_ctl', '-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop');
  }

  async remove(): Promise<void> {
    try {
      await this.stop();
    } catch {
      // already stopped
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async admin(text: string): Promise<void> {
    const client = new Client({ connectionString: `postgres://postgres@127.0.0.1:${this.port}/postgres` });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  }

  private async answers(): Promise<boolean> {
    try {
      await this.admin('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
