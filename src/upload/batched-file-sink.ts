import { FileHandle, open } from 'node:fs/promises';
import { Writable } from 'node:stream';

/**
 * Writes a stream to a file in few, large system calls and without copying:
 * a network upload arrives in 64 KiB reads, and on a busy machine a system
 * call per read costs more than anything else on the path. Chunks are held
 * (by reference) until `batchBytes` have gathered, then written with one
 * writev. Optionally flushed to the disk before `finish`.
 */
export class BatchedFileSink extends Writable {
  private handle?: FileHandle;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private position = 0;

  constructor(
    private readonly path: string,
    private readonly batchBytes: number,
    private readonly fsync: boolean,
  ) {
    super({ highWaterMark: batchBytes });
  }

  override _construct(done: (error?: Error | null) => void): void {
    open(this.path, 'w').then(
      (handle) => {
        this.handle = handle;
        done();
      },
      (error: Error) => done(error),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.batchBytes) {
      done();
      return;
    }
    this.writePending().then(() => done(), done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.writePending()
      .then(() => (this.fsync ? this.handle!.sync() : undefined))
      .then(() => done(), done);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const handle = this.handle;
    this.handle = undefined;
    if (!handle) {
      done(error);
      return;
    }
    handle.close().then(() => done(error), (closeError: Error) => done(error ?? closeError));
  }

  private async writePending(): Promise<void> {
    const chunks = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    for (let written = 0; written < bytes; ) {
      const { bytesWritten } = await this.handle!.writev(written === 0 ? chunks : remainder(chunks, written), this.position);
      written += bytesWritten;
      this.position += bytesWritten;
    }
  }
}

/** The chunks left after the first `skip` bytes: writev may write less than asked. */
function remainder(chunks: Buffer[], skip: number): Buffer[] {
  const rest: Buffer[] = [];
  for (const chunk of chunks) {
    if (skip >= chunk.length) skip -= chunk.length;
    else {
      rest.push(skip > 0 ? chunk.subarray(skip) : chunk);
      skip = 0;
    }
  }
  return rest;
}
