import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort } from './ports';

export const BUCKET = 'oliver-audio';
/** s3rver's fixed credentials. */
const ACCESS_KEY = 'S3RVER';
const SECRET_KEY = 'S3RVER';

/**
 * An S3-compatible server (s3rver, a real HTTP server keeping objects in a
 * folder) of the test's own on a loopback port, to stop and start at will.
 * Its bucket exists from the start.
 */
export class PrivateS3 {
  private child?: ChildProcess;
  readonly client: S3Client;

  private constructor(
    readonly port: number,
    readonly directory: string,
  ) {
    this.client = new S3Client({
      region: 'us-east-1',
      endpoint: this.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: SECRET_KEY },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  static async start(): Promise<PrivateS3> {
    const server = new PrivateS3(await freePort(), mkdtempSync(join(tmpdir(), 'oliver-s3-')));
    await server.start();
    return server;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The service's settings for a store at `s3://bucket/prefix` on this server. */
  env(prefix: string): Record<string, string> {
    return {
      STORAGE_URL: `s3://${BUCKET}/${prefix}`,
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      S3_FORCE_PATH_STYLE: 'true',
    };
  }

  async start(): Promise<void> {
    const bin = join(dirname(require.resolve('s3rver/package.json')), 'bin', 's3rver.js');
    this.child = spawn(
      process.execPath,
      [bin, '--directory', this.directory, '--address', '127.0.0.1', '--port', String(this.port), '--silent', '--no-vhost-buckets', '--configure-bucket', BUCKET],
      { stdio: 'ignore' },
    );
    this.child.unref();
    for (const deadline = Date.now() + 20_000; !(await this.answers()); await new Promise((r) => setTimeout(r, 50))) {
      if (this.child.exitCode !== null) throw new Error('s3rver exited');
      if (Date.now() > deadline) throw new Error('s3rver did not answer within 20 s');
    }
  }

  /** Kills the server; its objects stay in its folder for the next start. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((done) => child.on('exit', done));
    child.ref(); // unref'd so that a test file's process may end while it runs; now its exit is awaited
    child.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.stop();
    this.client.destroy();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** Every key under `prefix`, sorted. */
  async keys(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    for (let token: string | undefined, more = true; more; ) {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
      keys.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
      more = !!page.IsTruncated && !!token;
    }
    return keys.sort();
  }

  /** Writes an object last modified `secondsAgo` (s3rver reports its file's mtime). */
  async put(key: string, body: Buffer, secondsAgo = 0): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    if (secondsAgo > 0) {
      const then = new Date(Date.now() - secondsAgo * 1000);
      utimesSync(join(this.directory, BUCKET, `${key}._S3rver_object`), then, then);
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
  }

  private answers(): Promise<boolean> {
    return new Promise((done) => {
      const socket = createConnection(this.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
  }
}
