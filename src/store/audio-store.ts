import { createHash } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';

/** What a put wrote: its size in bytes and the SHA-256 of its bytes (hex). */
export interface PutResult {
  bytes: number;
  sha256: string;
}

/** An object of the store, by its key (a relative path such as `2026/01/02/<uuid>.wav`). */
export interface StoredObject {
  key: string;
  /** When the object was last written, epoch ms. */
  modifiedAt: number;
  bytes: number;
}

/** A stored object as a local file for a reader that needs a path (ffmpeg, ffprobe); `release` removes any copy made. */
export interface LocalCopy {
  path: string;
  release(): Promise<void>;
}

/** What /health/ready says of the store, when it has something to say beyond the local disk. */
export interface StoreHealth {
  up: boolean;
  /** Words for the probe's body: never a host name or a credential. */
  detail: string;
}

/**
 * The port of the audio store. Keys are relative paths with `/` between
 * segments, the same on every driver, so a row's `audioPath` means the same
 * object on the disk and in a bucket. Only the decoder's step (and the upload
 * check when a prober needs the whole file) asks for a local path, through
 * `materialise`.
 */
export interface AudioStoreDriver {
  /** `file` or `s3`, for logs and metrics. */
  readonly kind: 'file' | 's3';
  /**
   * Writes `body` under `key`, hashing as it goes. Memory stays bounded
   * whatever the size. When `signal` aborts, or the body or the store fails,
   * nothing is left under the key and the promise rejects.
   */
  put(key: string, body: Readable, signal?: AbortSignal): Promise<PutResult>;
  /** The object's bytes as a stream. Rejects with code ENOENT when there is no such object. */
  openRead(key: string): Promise<Readable>;
  /** The object as a local file; a file of the disk store is used where it lies. */
  materialise(key: string): Promise<LocalCopy>;
  /** Gives an object a new key (an accepted upload moving into the store), durably. */
  move(from: string, to: string): Promise<void>;
  /** Removes an object; one already gone is not an error. */
  delete(key: string): Promise<void>;
  /** The objects under `prefix` last written before `before` (epoch ms). */
  listOlderThan(prefix: string, before: number): AsyncIterable<StoredObject>;
  /** Whether the store answers; undefined when the local disk check already says all. */
  check(): Promise<StoreHealth | undefined>;
}

/** The store could not be reached or refused to work: an outage of ours, answered 503, never the call's fault. */
export class StoreUnavailable extends Error {
  readonly code = 'ESTOREUNAVAILABLE';
}

/** Passes bytes through, counting and hashing them. */
export class Meter extends Transform {
  bytes = 0;
  private readonly hash = createHash('sha256');

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }

  result(): PutResult {
    return { bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** Refuses a key that is absolute, empty or climbs out of the store (`..`): keys come from our rows, but a row can be edited by hand. */
export function checkKey(key: string): string {
  const segments = key.split('/');
  if (key.startsWith('/') || segments.some((s) => s === '' || s === '.' || s === '..') || key.includes('\\') || key.includes('\0')) {
    throw new Error(`Stored path ${JSON.stringify(key)} is not a key inside the store`);
  }
  return key;
}
