import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Redis from 'ioredis';
import { freePort } from './ports';
import { storeAt, TestStore } from './store-under-test';

export const MAIN = resolve(__dirname, '../../src/main.js');

export interface RunningService {
  url: string;
  /** The process id of the service itself. */
  pid: number;
  env: Record<string, string>;
  /** STORAGE_DIR: the store's folder on the disk driver, the local work folder on S3. */
  storageDir: string;
  /** The audio store, on the driver under test (STORAGE_DRIVER_UNDER_TEST). */
  store: TestStore;
  logs(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ServiceOptions {
  role?: 'all' | 'api' | 'worker';
  env?: Record<string, string>;
  /** Share one storage folder and queue between several processes. */
  storageDir?: string;
  queuePrefix?: string;
  /** A command the service is started through (its last arguments are node and main.js); it must exec them, so the pid stays the service's. */
  launcher?: string[];
}

/** A unique queue prefix, so tests never see each other's jobs in the shared Redis. */
const prefixesMade: string[] = [];

/** A queue prefix of its own for a test; its keys are removed from the shared Redis when the test file is done. */
export const uniquePrefix = () => {
  const prefix = `test-${randomBytes(5).toString('hex')}`;
  if (prefixesMade.push(prefix) === 1) process.once('beforeExit', () => void removeKeys(prefixesMade));
  return prefix;
};

async function removeKeys(prefixes: string[]): Promise<void> {
  const redis = new Redis('redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    for (const prefix of prefixes) {
      for await (const keys of redis.scanStream({ match: `${prefix}:*`, count: 500 }) as AsyncIterable<string[]>) {
        if (keys.length > 0) await redis.unlink(...keys);
      }
    }
  } catch {
    // A shared Redis that is away keeps a few keys; nothing to fail a test over.
  } finally {
    redis.disconnect();
  }
}

export const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `oliver-${label}-`));

/** Starts the real service (`node dist/src/main.js`) and waits until it is ready. */
export async function startService(options: ServiceOptions = {}): Promise<RunningService> {
  const role = options.role ?? 'all';
  const port = await freePort();
  const ownStorage = !options.storageDir;
  const storageDir = options.storageDir ?? tempDir('audio');
  const store = await storeAt(storageDir);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    ROLE: role,
    PORT: String(port),
    HOST: '127.0.0.1',
    STORAGE_DIR: storageDir,
    STORAGE_FSYNC: 'false',
    QUEUE_PREFIX: options.queuePrefix ?? uniquePrefix(),
    JOB_BACKOFF_MS: '200',
    RECONCILE_INTERVAL_MS: '60000',
    ...store.env,
    ...options.env,
  };
  const [command, ...args] = [...(options.launcher ?? []), process.execPath, MAIN];
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (output += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (output += t));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const ready = role === 'worker' ? /Worker started/ : /Listening on/;
  // Generous: a loaded machine boots slowly, and a worker loads the speech model before it is ready.
  await waitFor(() => ready.test(output), 60_000, () => (child.exitCode !== null ? `the service exited:\n${output}` : undefined));
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    env,
    storageDir,
    store,
    logs: () => output,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      const code = await exited;
      if (ownStorage) rmSync(storageDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Runs the service expecting it to refuse to start; returns its exit code and output. */
export function runToExit(env: Record<string, string>, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child: ChildProcess = spawn(process.execPath, [MAIN], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (t) => (output += t));
    child.stderr!.on('data', (t) => (output += t));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

/** Polls until `check` holds; `fatal` may explain why waiting is pointless. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, fatal?: () => string | undefined): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    const reason = fatal?.();
    if (reason) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
