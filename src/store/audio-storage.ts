import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Environment } from '../config/environment';
import { DirectoryFlusher } from './directory-flusher';

/**
 * Where audio lives on disk. Uploads are written under `.incoming/<host>/`
 * while they arrive and renamed into a dated folder once accepted, so a
 * partial file is never mistaken for a stored one.
 */
@Injectable()
export class AudioStorage {
  private readonly logger = new Logger(AudioStorage.name);
  readonly root: string;
  private readonly incomingDir: string;
  private readonly madeDirs = new Set<string>();
  private readonly flusher = new DirectoryFlusher();

  constructor(private readonly env: Environment) {
    this.root = resolve(env.STORAGE_DIR);
    // One folder per host: a restarting API sweeps only its own unfinished uploads.
    this.incomingDir = join(this.root, '.incoming', hostname());
  }

  /** A fresh path for an upload in progress. */
  async incomingPath(): Promise<string> {
    await this.ensureDir(this.incomingDir);
    return join(this.incomingDir, `${randomUUID()}.part`);
  }

  /** Where an upload will be kept: a fresh path in today's folder, relative to the root. */
  storedPath(extension: string): string {
    const day = new Date().toISOString().slice(0, 10).replaceAll('-', '/');
    return join(day, `${randomUUID()}${extension}`);
  }

  /**
   * Moves an accepted upload to its stored path (from storedPath). With
   * STORAGE_FSYNC the rename itself is flushed too, or a power cut could lose
   * the file's name after its bytes were safe.
   */
  async keep(incoming: string, stored: string): Promise<void> {
    const target = this.resolve(stored);
    await this.ensureDir(dirname(target));
    await rename(incoming, target);
    if (this.env.STORAGE_FSYNC) await this.flusher.flush(dirname(target));
  }

  /** A path inside the store for a file the worker fetches itself. */
  async downloadPath(pid: number): Promise<string> {
    const dir = join(this.root, 'downloads');
    await this.ensureDir(dir);
    return join(dir, `${pid}-${randomUUID()}.download`);
  }

  resolve(stored: string): string {
    const absolute = resolve(this.root, stored);
    if (!absolute.startsWith(this.root + '/') || isAbsolute(stored)) {
      throw new Error(`Stored path ${stored} is outside the storage directory`);
    }
    return absolute;
  }

  /** Removes a file; a file already gone is not an error. False when the file could not be removed. */
  async discard(path: string | null | undefined): Promise<boolean> {
    if (!path) return true;
    try {
      await unlink(isAbsolute(path) ? path : this.resolve(path));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      this.logger.warn(`Could not remove ${path}: ${(error as Error).message}`);
      return false;
    }
  }

  /** Removes uploads this host left unfinished when it stopped. */
  async sweepIncoming(): Promise<number> {
    const removed = await this.removeFilesOlderThan(this.incomingDir, Infinity);
    if (removed > 0) this.logger.warn(`Removed ${removed} unfinished upload(s) from ${this.incomingDir}`);
    return removed;
  }

  /** Removes URL downloads last written more than `olderThanMs` ago. */
  sweepDownloads(olderThanMs: number): Promise<number> {
    return this.removeFilesOlderThan(join(this.root, 'downloads'), Date.now() - olderThanMs);
  }

  /**
   * Removes unfinished uploads of every host last written more than
   * `olderThanMs` ago: those of a host that never came back, too.
   */
  async sweepStaleUploads(olderThanMs: number): Promise<number> {
    const incomingRoot = dirname(this.incomingDir);
    const hosts = await readdir(incomingRoot).catch(() => [] as string[]);
    let removed = 0;
    for (const host of hosts) removed += await this.removeFilesOlderThan(join(incomingRoot, host), Date.now() - olderThanMs);
    return removed;
  }

  private async removeFilesOlderThan(dir: string, before: number): Promise<number> {
    const names = await readdir(dir).catch(() => [] as string[]);
    let removed = 0;
    for (const name of names) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (info?.isFile() && info.mtimeMs < before && (await this.discard(path))) removed++;
    }
    return removed;
  }

  private async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    const created = await mkdir(dir, { recursive: true });
    if (created && this.env.STORAGE_FSYNC) {
      // A new folder's name must be as durable as the files renamed into it.
      for (let made = dir; ; made = dirname(made)) {
        await this.flusher.flush(dirname(made));
        if (made === created) break;
      }
    }
    this.madeDirs.add(dir);
  }
}
