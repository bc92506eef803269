import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { makeDirectory } from '../common/make-directory';
import { extname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AudioStoreDriver, checkKey, LocalCopy, Meter, PutResult, StoredObject, StoreHealth, StoreUnavailable } from './audio-store';

/**
 * Bytes of one part of a multipart upload: S3's smallest, which allows
 * uploads up to 10 000 parts = 48 GiB. lib-storage holds up to `queueSize`
 * parts in flight plus the one filling (its chunks, then their
 * concatenation), so an upload of any size costs about
 * (UPLOAD_QUEUE + 2) × PART_BYTES.
 */
const PART_BYTES = 5 * 1024 * 1024;
const UPLOAD_QUEUE = 2;
/** How long /health/ready waits for the bucket to answer, ms. */
const CHECK_TIMEOUT_MS = 5_000;

export interface S3Settings {
  bucket: string;
  /** Key prefix inside the bucket, without slashes at its ends; '' for none. */
  prefix: string;
  region: string;
  /** AWS_ENDPOINT_URL: an S3-compatible server (MinIO, Ceph, Garage…); unset for AWS itself. */
  endpoint?: string;
  /** Bucket in the path (http://host/bucket/key) rather than in the host name; most S3-compatible servers want it. */
  forcePathStyle: boolean;
}

/**
 * The audio store as objects in an S3-compatible bucket, through the AWS SDK
 * v3. Credentials come from the SDK's own chain (AWS_ACCESS_KEY_ID and
 * AWS_SECRET_ACCESS_KEY, a profile, a container or instance role). Uploads
 * stream in parts (lib-storage), so memory stays bounded whatever the size.
 * Every error of the store but a missing object is an outage of ours
 * (StoreUnavailable).
 */
export class S3AudioStore implements AudioStoreDriver {
  readonly kind = 's3';
  readonly client: S3Client;

  /** @param workDir a local folder for copies the decoder reads */
  constructor(
    private readonly settings: S3Settings,
    private readonly workDir: string,
  ) {
    this.client = new S3Client({
      region: settings.region,
      endpoint: settings.endpoint,
      forcePathStyle: settings.forcePathStyle,
      maxAttempts: 3,
      // Checksums only where S3 requires them: many S3-compatible servers refuse the newer default's chunked trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 60_000 },
    });
  }

  /** The bucket's key for one of ours. */
  private objectKey(key: string): string {
    checkKey(key);
    return this.settings.prefix ? `${this.settings.prefix}/${key}` : key;
  }

  async put(key: string, body: Readable, signal?: AbortSignal): Promise<PutResult> {
    const Key = this.objectKey(key);
    const meter = new Meter();
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.settings.bucket, Key, Body: meter, ContentType: 'application/octet-stream' },
      partSize: PART_BYTES,
      queueSize: UPLOAD_QUEUE,
      leavePartsOnError: false,
    });
    // Ending the body (not Upload.abort, which settles before the parts are cleaned up) makes
    // lib-storage abort the multipart upload before done() rejects.
    const stop = () => meter.destroy(Object.assign(new Error('The upload was stopped'), { name: 'AbortError' }));
    signal?.addEventListener('abort', stop, { once: true });
    if (signal?.aborted) stop();
    const flowing = pipeline(body, meter);
    const stored = upload.done();
    try {
      await Promise.all([flowing, stored.catch((error: unknown) => Promise.reject(this.failure(error)))]);
    } catch (error) {
      meter.destroy();
      await flowing.catch(() => undefined);
      await stored.catch(() => undefined);
      // A single-part upload may have completed just before the stop.
      await this.delete(key).catch(() => undefined);
      throw error;
    } finally {
      signal?.removeEventListener('abort', stop);
    }
    return meter.result();
  }

  async openRead(key: string): Promise<Readable> {
    const Key = this.objectKey(key);
    const { Body } = await this.send(() => this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key })));
    return Body as Readable;
  }

  async materialise(key: string): Promise<LocalCopy> {
    checkKey(key);
    const dir = join(this.workDir, MATERIALISED_DIR);
    await makeDirectory(dir);
    const path = join(dir, `${randomUUID()}${extname(key)}`);
    const release = () => unlink(path).catch(() => undefined);
    try {
      await pipeline(await this.openRead(key), createWriteStream(path));
    } catch (error) {
      await release();
      throw error instanceof StoreUnavailable || (error as NodeJS.ErrnoException).code === 'ENOENT' ? error : this.failure(error);
    }
    return { path, release };
  }

  /** A copy and a delete: S3 has no rename. The copy is complete or absent, never partial. */
  async move(from: string, to: string): Promise<void> {
    const Bucket = this.settings.bucket;
    const source = `${Bucket}/${this.objectKey(from)}`.split('/').map(encodeURIComponent).join('/');
    const Key = this.objectKey(to);
    await this.send(() => this.client.send(new CopyObjectCommand({ Bucket, Key, CopySource: source })));
    await this.delete(from);
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.send(() => this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key })));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }

  async *listOlderThan(prefix: string, before: number): AsyncIterable<StoredObject> {
    const skip = this.settings.prefix ? this.settings.prefix.length + 1 : 0;
    const Prefix = this.settings.prefix ? `${this.settings.prefix}/${prefix}` : prefix;
    for (let token: string | undefined, more = true; more; ) {
      const page = await this.send(() =>
        this.client.send(new ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix, ContinuationToken: token })),
      );
      for (const object of page.Contents ?? []) {
        const modifiedAt = object.LastModified?.getTime() ?? 0;
        if (object.Key && modifiedAt < before) yield { key: object.Key.slice(skip), modifiedAt, bytes: object.Size ?? 0 };
      }
      token = page.NextContinuationToken;
      more = !!page.IsTruncated && !!token;
    }
  }

  async check(): Promise<StoreHealth> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }), { abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
      return { up: true, detail: 'the bucket answers' };
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      return { up: false, detail: status ? `the bucket answered HTTP ${status}` : 'the object store does not answer' };
    }
  }

  private async send<T>(request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** A missing object as ENOENT (as the disk says it); anything else the store did as an outage. */
  private failure(error: unknown): Error {
    const name = (error as Error).name;
    if (name === 'NoSuchKey' || name === 'NotFound') return Object.assign(new Error('No such object in the store', { cause: error }), { code: 'ENOENT' });
    const status = (error as S3ServiceException).$metadata?.httpStatusCode;
    return new StoreUnavailable(`The object store ${status ? `answered HTTP ${status} (${name})` : `did not answer (${(error as NodeJS.ErrnoException).code ?? name})`}`, { cause: error });
  }
}

/** The folder of the local work directory where objects are copied for the decoder. */
export const MATERIALISED_DIR = 'materialised';
