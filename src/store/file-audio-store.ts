import { createReadStream } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { makeDirectory } from '../common/make-directory';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AudioStoreDriver, checkKey, LocalCopy, Meter, PutResult, StoredObject, StoreHealth } from './audio-store';
import { BatchedFileSink } from './batched-file-sink';
import { DirectoryFlusher } from './directory-flusher';

/** Bytes gathered before one write: a network upload arrives in 64 KiB reads. */
const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * The audio store as a folder on the local disk. With `fsync`, a put is
 * flushed before it resolves, and a move (a rename) and every folder it
 * creates are flushed too, or a power cut could lose a file's name after
 * its bytes were safe.
 */
export class FileAudioStore implements AudioStoreDriver {
  readonly kind = 'file';
  readonly root: string;
  private readonly madeDirs = new Set<string>();
  private readonly flusher = new DirectoryFlusher();

  constructor(
    root: string,
    private readonly fsync: boolean,
  ) {
    this.root = resolve(root);
  }

  /** The absolute path of a key. */
  path(key: string): string {
    const absolute = resolve(this.root, checkKey(key));
    if (!absolute.startsWith(this.root + sep)) throw new Error(`Stored path ${key} is outside the storage directory`);
    return absolute;
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<PutResult> {
    const path = this.path(key);
    await this.ensureDir(dirname(path));
    const meter = new Meter();
    const sink = new BatchedFileSink(path, WRITE_BATCH_BYTES, this.fsync);
    try {
      await pipeline(body, meter, sink, signal ? { signal } : {});
    } catch (error) {
      // The file may still be opening: it is removed only once the sink has let go of it,
      // or an open finishing after the removal would create it again.
      if (!sink.closed) await new Promise((done) => sink.once('close', done));
      await unlink(path).catch(() => undefined);
      throw error;
    }
    return meter.result();
  }

  async openRead(key: string): Promise<Readable> {
    const stream = createReadStream(this.path(key));
    await new Promise<void>((ready, failed) => stream.once('open', () => ready()).once('error', failed));
    return stream;
  }

  async materialise(key: string): Promise<LocalCopy> {
    const path = this.path(key);
    await stat(path); // ENOENT for a missing file, as the S3 driver says it
    return { path, release: () => Promise.resolve() };
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.path(to);
    await this.ensureDir(dirname(target));
    await rename(this.path(from), target);
    if (this.fsync) await this.flusher.flush(dirname(target));
  }

  async delete(key: string): Promise<void> {
    await unlink(this.path(key)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  async *listOlderThan(prefix: string, before: number): AsyncIterable<StoredObject> {
    yield* this.walk(join(this.root, prefix), before);
  }

  private async *walk(dir: string, before: number): AsyncIterable<StoredObject> {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) yield* this.walk(path, before);
      else if (entry.isFile()) {
        const info = await stat(path).catch(() => undefined);
        if (info && info.mtimeMs < before) yield { key: path.slice(this.root.length + 1).split(sep).join('/'), modifiedAt: info.mtimeMs, bytes: info.size };
      }
    }
  }

  /** The disk's free space is checked by the readiness probe itself. */
  check(): Promise<StoreHealth | undefined> {
    return Promise.resolve(undefined);
  }

  /** Creates a folder; with `fsync` a new folder's name is made as durable as the files renamed into it. */
  async ensureDir(dir: string): Promise<void> {
    if (this.madeDirs.has(dir)) return;
    const created = await makeDirectory(dir);
    if (created && this.fsync) {
      for (let made = dir; ; made = dirname(made)) {
        await this.flusher.flush(dirname(made));
        if (made === created) break;
      }
    }
    this.madeDirs.add(dir);
  }
}
