import type { AudioStoreDriver } from './audio-store';

/** Folders of the store that hold no recording: uploads still arriving, and a disk store's work files. */
const NOT_RECORDINGS = ['.incoming/', 'downloads/', 'materialised/'];

export interface MigrationReport {
  copied: number;
  /** Already in the target with the same size: copied by an earlier run. */
  skipped: number;
  /** Removed from the target with `prune`: gone from the source since an earlier run (retention). */
  pruned: number;
  bytes: number;
}

/**
 * Copies every recording of one audio store to another under the same key,
 * so the rows' `audioPath` mean the same files there and no row changes.
 * Streams one recording at a time (memory bounded whatever its size), checks
 * each copy's size, and skips those already copied: run it once while the
 * service runs, then again with the service stopped, before switching
 * STORAGE_URL. Nothing is removed from the source.
 */
export async function migrateStore(
  from: AudioStoreDriver,
  to: AudioStoreDriver,
  options: { prune?: boolean; onCopied?: (key: string, bytes: number) => void } = {},
): Promise<MigrationReport> {
  const recording = (key: string) => !NOT_RECORDINGS.some((folder) => key.startsWith(folder));
  const present = new Map<string, number>();
  for await (const object of to.listOlderThan('', Infinity)) if (recording(object.key)) present.set(object.key, object.bytes);
  const report: MigrationReport = { copied: 0, skipped: 0, pruned: 0, bytes: 0 };
  const inSource = new Set<string>();
  for await (const object of from.listOlderThan('', Infinity)) {
    if (!recording(object.key)) continue;
    inSource.add(object.key);
    if (present.get(object.key) === object.bytes) {
      report.skipped++;
      continue;
    }
    const written = await to.put(object.key, await from.openRead(object.key));
    if (written.bytes !== object.bytes) {
      await to.delete(object.key);
      throw new Error(`The copy of ${object.key} has ${written.bytes} bytes, not ${object.bytes}: the source changed while it was copied`);
    }
    report.copied++;
    report.bytes += written.bytes;
    options.onCopied?.(object.key, written.bytes);
  }
  if (options.prune) {
    for (const key of present.keys()) {
      if (inSource.has(key)) continue;
      await to.delete(key);
      report.pruned++;
    }
  }
  return report;
}
