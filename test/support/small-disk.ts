import { execFileSync } from 'node:child_process';
import { closeSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './service';

/** A tmpfs of a few MiB of the test's own (the tests run as root), to fill up for a real ENOSPC and free again. */
export class SmallDisk {
  readonly root: string;
  private readonly filler: string;

  constructor(bytes: number, label: string) {
    this.root = tempDir(label);
    this.filler = join(this.root, 'filler');
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, `oliver-test-${label}`, this.root]);
  }

  /** Writes a file until the file system has no page left: ENOSPC for everyone on it. */
  fill(): void {
    const fd = openSync(this.filler, 'w');
    try {
      for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9]) {
        const block = Buffer.alloc(size, 1);
        try {
          for (;;) writeSync(fd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
        }
      }
    } finally {
      closeSync(fd);
    }
  }

  free(): void {
    unlinkSync(this.filler);
  }

  remove(): void {
    execFileSync('umount', [this.root]);
    rmSync(this.root, { recursive: true, force: true });
  }
}
