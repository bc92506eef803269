import { close, fdatasync, open, writev } from 'node:fs';
import { Writable } from 'node:stream';

/**
 * Writes a stream to a file in few, large system calls and without copying:
 * a network upload arrives in 64 KiB reads, and on a busy machine a system
 * call per read costs more than anything else on the path. Chunks are held
 * (by reference) until `batchBytes` have gathered, then written with one
 * writev. Optionally flushed to the disk before `finish`. Plain callbacks
 * on a file descriptor: the promise API costs more per call than the write.
 */
export class BatchedFileSink extends Writable {
  private fd?: number;
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
    open(this.path, 'w', (error, fd) => {
      this.fd = fd;
      done(error);
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.batchBytes) {
      done();
      return;
    }
    this.writePending(done);
  }

  override _final(done: (error?: Error | null) => void): void {
    this.writePending((error) => {
      if (error || !this.fsync) done(error);
      else fdatasync(this.fd!, (syncError) => done(syncError));
    });
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) {
      done(error);
      return;
    }
    close(fd, (closeError) => done(error ?? closeError));
  }

  /** Writes what is pending; writev may write less than asked, so it goes on until all is out. */
  private writePending(done: (error?: Error | null) => void): void {
    const chunks = this.pending;
    const bytes = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const writeFrom = (skip: number): void => {
      if (skip >= bytes) {
        done();
        return;
      }
      writev(this.fd!, skip === 0 ? chunks : remainder(chunks, skip), this.position, (error, written) => {
        if (error) {
          done(error);
          return;
        }
        this.position += written;
        writeFrom(skip + written);
      });
    };
    writeFrom(0);
  }
}

/** The chunks left after the first `skip` bytes. */
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
