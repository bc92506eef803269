import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { makeDirectory } from '../common/make-directory';
import { hostname } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Environment } from '../config/environment';
import { AudioStoreDriver, LocalCopy, PutResult, StoreHealth } from './audio-store';
import { FileAudioStore } from './file-audio-store';
import { MATERIALISED_DIR, S3AudioStore, S3Settings } from './s3-audio-store';

/** Where the audio store is, as STORAGE_URL (or STORAGE_DIR) says. */
export type StorageLocation = { kind: 'file'; root: string } | ({ kind: 's3' } & Pick<S3Settings, 'bucket' | 'prefix'>);

/** Reads a store's URL: file:///folder or s3://bucket/prefix. */
export function parseStorageUrl(url: string): StorageLocation {
  const parsed = new URL(url);
  if (parsed.protocol === 'file:') return { kind: 'file', root: fileURLToPath(parsed) };
  if (parsed.protocol === 's3:') return { kind: 's3', bucket: parsed.hostname, prefix: decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '') };
  throw new Error(`Storage URL ${url} is neither file:// nor s3://`);
}

/** The store the settings name: STORAGE_URL, else the folder STORAGE_DIR. */
export function configuredLocation(env: Environment): StorageLocation {
  return env.STORAGE_URL ? parseStorageUrl(env.STORAGE_URL) : { kind: 'file', root: env.STORAGE_DIR };
}

/** The driver for a location; S3 settings beyond the bucket come from the environment. */
export function openAudioStore(location: StorageLocation, env: Environment): AudioStoreDriver {
  if (location.kind === 'file') return new FileAudioStore(location.root, env.STORAGE_FSYNC);
  return new S3AudioStore(
    {
      ...location,
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
    },
    resolve(env.STORAGE_DIR),
  );
}

/** Keys of uploads still arriving: `.incoming/<host>/<uuid>.part`. */
const INCOMING = '.incoming';

/**
 * The audio store of this service, on the driver STORAGE_URL names (the
 * folder STORAGE_DIR by default). Uploads are written under
 * `.incoming/<host>/` while they arrive and moved to a dated key once
 * accepted, so a partial upload is never mistaken for a stored one.
 * Stored paths (a row's `audioPath`) are keys relative to the store, the
 * same on the disk and in a bucket.
 *
 * URL downloads and the decoder's copies are local files in the work
 * folder: the store's own folder on the disk driver, STORAGE_DIR on S3.
 */
@Injectable()
export class AudioStorage {
  private readonly logger = new Logger(AudioStorage.name);
  readonly driver: AudioStoreDriver;
  /** The local folder for downloads and copies (and free-space checks). */
  readonly workDir: string;
  private readonly host = hostname();
  private readonly madeDirs = new Set<string>();

  constructor(env: Environment) {
    this.driver = openAudioStore(configuredLocation(env), env);
    this.workDir = this.driver instanceof FileAudioStore ? this.driver.root : resolve(env.STORAGE_DIR);
  }

  /** A fresh key for an upload in progress. One folder per host: a restarting API sweeps only its own. */
  incomingKey(): string {
    return `${INCOMING}/${this.host}/${randomUUID()}.part`;
  }

  /** Streams an upload to `key`; see AudioStoreDriver.put. */
  receive(key: string, body: Readable, signal?: AbortSignal): Promise<PutResult> {
    return this.driver.put(key, body, signal);
  }

  /** Where an upload will be kept: a fresh key in today's folder. */
  storedPath(extension: string): string {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    return `${day}/${randomUUID()}${extension}`;
  }

  /** Moves an accepted upload to its stored path (from storedPath), durably. */
  keep(incoming: string, stored: string): Promise<void> {
    return this.driver.move(incoming, stored);
  }

  /** A stored recording as a local file, for a reader that needs a path. Release it when done. */
  materialise(stored: string): Promise<LocalCopy> {
    return this.driver.materialise(stored);
  }

  openRead(stored: string): Promise<Readable> {
    return this.driver.openRead(stored);
  }

  /** Removes a stored recording; one already gone is not an error. Raises the store's error. */
  delete(stored: string): Promise<void> {
    return this.driver.delete(stored);
  }

  /** Whether the store answers; undefined where the disk check says all. */
  check(): Promise<StoreHealth | undefined> {
    return this.driver.check();
  }

  /** A local path for a file the worker fetches itself. */
  async downloadPath(pid: number): Promise<string> {
    const dir = join(this.workDir, 'downloads');
    if (!this.madeDirs.has(dir)) {
      await makeDirectory(dir);
      this.madeDirs.add(dir);
    }
    return join(dir, `${pid}-${randomUUID()}.download`);
  }

  /**
   * Removes a stored recording (by key) or a local download (by absolute
   * path); one already gone is not an error. False when it could not be
   * removed: said in the log.
   */
  async discard(path: string | null | undefined): Promise<boolean> {
    if (!path) return true;
    try {
      if (isAbsolute(path)) await unlink(path).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
      else await this.driver.delete(path);
      return true;
    } catch (error) {
      this.logger.warn(`Could not remove ${path}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Removes uploads this host left unfinished when it stopped. */
  async sweepIncoming(): Promise<number> {
    const removed = await this.removeOlderThan(`${INCOMING}/${this.host}/`, Infinity);
    if (removed > 0) this.logger.warn(`Removed ${removed} unfinished upload(s) of this host (${this.host})`);
    return removed;
  }

  /**
   * Removes unfinished uploads of every host last written more than
   * `olderThanMs` ago: those of a host that never came back, too.
   */
  sweepStaleUploads(olderThanMs: number): Promise<number> {
    return this.removeOlderThan(`${INCOMING}/`, Date.now() - olderThanMs);
  }

  /** Removes URL downloads last written more than `olderThanMs` ago. */
  sweepDownloads(olderThanMs: number): Promise<number> {
    return removeLocalFilesOlderThan(join(this.workDir, 'downloads'), Date.now() - olderThanMs);
  }

  /** Removes local copies of stored recordings (materialise) last written more than `olderThanMs` ago. */
  sweepCopies(olderThanMs: number): Promise<number> {
    return removeLocalFilesOlderThan(join(this.workDir, MATERIALISED_DIR), Date.now() - olderThanMs);
  }

  private async removeOlderThan(prefix: string, before: number): Promise<number> {
    let removed = 0;
    try {
      for await (const { key } of this.driver.listOlderThan(prefix, before)) if (await this.discard(key)) removed++;
    } catch (error) {
      this.logger.warn(`The sweep of ${prefix} stopped early: ${(error as Error).message}`);
    }
    return removed;
  }
}

async function removeLocalFilesOlderThan(dir: string, before: number): Promise<number> {
  const names = await readdir(dir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < before && (await unlink(path).then(() => true, () => false))) removed++;
  }
  return removed;
}
