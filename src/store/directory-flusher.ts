import { open } from 'node:fs/promises';

/** Flushes a directory's entries (a rename into it) to the disk. */
export async function fsyncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes renames into a directory durable without one fsync per rename: the
 * callers that arrive while a flush of that directory runs share the next
 * one, which starts after their renames, so each caller's entry is covered.
 */
export class DirectoryFlusher {
  private readonly running = new Map<string, Promise<void>>();
  private readonly next = new Map<string, Promise<void>>();

  constructor(private readonly sync: (dir: string) => Promise<void> = fsyncDirectory) {}

  flush(dir: string): Promise<void> {
    const pending = this.next.get(dir);
    if (pending) return pending;
    const previous = this.running.get(dir) ?? Promise.resolve();
    const flushed = previous
      .catch(() => undefined)
      .then(() => {
        this.next.delete(dir);
        const run = this.sync(dir);
        this.running.set(dir, run);
        return run.finally(() => {
          if (this.running.get(dir) === run) this.running.delete(dir);
        });
      });
    this.next.set(dir, flushed);
    return flushed;
  }
}
