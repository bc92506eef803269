import { mkdirSync, statSync } from 'node:fs';
import { mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

/*
 * `mkdir -p` that fails where Node's own loops for ever. Node's recursive
 * mkdir spins at full CPU when the kernel answers ENOENT for a folder whose
 * parent exists, as /proc and /sys do (`mkdir('/proc/nope', { recursive: true })`
 * never returns), and a mistyped setting can point there. These walk up once
 * and give the kernel's refusal back instead.
 */

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/**
 * Creates a folder and any missing parents. Returns the first folder it
 * created, or undefined when `dir` already existed (as `mkdir` with
 * `recursive` does).
 * @throws the file system's error (ENOENT, EACCES, ENOTDIR, EEXIST for a file in the way, …)
 */
export async function makeDirectory(dir: string): Promise<string | undefined> {
  try {
    await mkdir(dir);
    return dir;
  } catch (error) {
    if (code(error) === 'EEXIST' && (await stat(dir)).isDirectory()) return undefined;
    const parent = dirname(dir);
    if (code(error) !== 'ENOENT' || parent === dir) throw error;
    const first = await makeDirectory(parent);
    // The parent is there now; a second ENOENT is the kernel's final answer.
    await mkdir(dir).catch((again: unknown) => {
      if (code(again) !== 'EEXIST') throw again;
    });
    return first ?? dir;
  }
}

/** makeDirectory, synchronously (for start-up). */
export function makeDirectorySync(dir: string): string | undefined {
  try {
    mkdirSync(dir);
    return dir;
  } catch (error) {
    if (code(error) === 'EEXIST' && statSync(dir).isDirectory()) return undefined;
    const parent = dirname(dir);
    if (code(error) !== 'ENOENT' || parent === dir) throw error;
    const first = makeDirectorySync(parent);
    try {
      mkdirSync(dir);
    } catch (again) {
      if (code(again) !== 'EEXIST') throw again;
    }
    return first ?? dir;
  }
}
