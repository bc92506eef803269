import { Transform, TransformCallback } from 'node:stream';

/**
 * Joins small chunks into writes of at least `size` bytes. A network upload
 * arrives in 64 KiB reads; writing each one costs a system call, and on a
 * busy server those calls cost more than the copy that joins them.
 */
export class ChunkBatcher extends Transform {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly size: number) {
    super({ highWaterMark: size * 2 });
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes >= this.size) this.release();
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.pendingBytes > 0) this.release();
    done();
  }

  private release(): void {
    this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes));
    this.pending = [];
    this.pendingBytes = 0;
  }
}
