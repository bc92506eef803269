import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { PrivateS3 } from './s3-server';

export type StorageDriver = 'file' | 's3';

/**
 * The audio store driver the e2e tests of this run use: STORAGE_DRIVER_UNDER_TEST=s3
 * runs them on an S3-compatible server of their own on loopback; anything else on the disk.
 */
export const driverUnderTest = (): StorageDriver => (process.env.STORAGE_DRIVER_UNDER_TEST === 's3' ? 's3' : 'file');

/** The audio store of a service under test, as the test sees it: keys relative to the store, as rows hold them. */
export interface TestStore {
  driver: StorageDriver;
  /** Settings the service needs for this store (none for the disk: STORAGE_DIR says it). */
  env: Record<string, string>;
  /** Every stored key under `prefix` (a folder such as `.incoming/`), sorted. */
  keys(prefix?: string): Promise<string[]>;
  exists(key: string): Promise<boolean>;
  /** Writes an object as a dead process would have left it, last written `secondsAgo`. */
  place(key: string, body?: Buffer, secondsAgo?: number): Promise<void>;
}

let shared: Promise<PrivateS3> | undefined;

/** One S3 server for the whole test file, started when first needed and killed when the file's process exits. */
export function sharedS3(): Promise<PrivateS3> {
  if (!shared) {
    shared = PrivateS3.start();
    void shared.then((server) => {
      process.once('beforeExit', () => void server.close());
      // A test file's process may end without beforeExit (process.exit): the server is killed at once, its folder removed.
      process.once('exit', () => {
        void server.stop();
        rmSync(server.directory, { recursive: true, force: true });
      });
    });
  }
  return shared;
}

/**
 * The store of a service whose STORAGE_DIR is `storageDir`. On S3, services
 * sharing a STORAGE_DIR share a key prefix too (the folder's unique name),
 * so an API and a worker started on one folder see one store.
 */
export async function storeAt(storageDir: string, driver = driverUnderTest()): Promise<TestStore> {
  if (driver === 'file') return fileStore(storageDir);
  const server = await sharedS3();
  const prefix = basename(storageDir);
  return {
    driver,
    env: server.env(prefix),
    keys: async (under = '') => (await server.keys(`${prefix}/${under}`)).map((key) => key.slice(prefix.length + 1)),
    exists: async (key) => (await server.keys(`${prefix}/${key}`)).includes(`${prefix}/${key}`),
    place: (key, body = Buffer.alloc(4096), secondsAgo = 0) => server.put(`${prefix}/${key}`, body, secondsAgo),
  };
}

function fileStore(root: string): TestStore {
  const walk = (dir: string): string[] => {
    try {
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
    } catch {
      return [];
    }
  };
  return {
    driver: 'file',
    env: {},
    keys: (prefix = '') => Promise.resolve(walk(join(root, prefix)).sort()),
    exists: (key) => Promise.resolve(existsSync(join(root, key))),
    place: (key, body = Buffer.alloc(4096), secondsAgo = 0) => {
      const path = join(root, key);
      mkdirSync(join(path, '..'), { recursive: true });
      writeFileSync(path, body);
      const then = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(path, then, then);
      return Promise.resolve();
    },
  };
}
