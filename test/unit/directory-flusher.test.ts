import assert from 'node:assert/strict';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DirectoryFlusher, fsyncDirectory } from '../../src/store/directory-flusher';

/** A sync that records when each flush starts and finishes only when told to. */
function controlledSync() {
  const started: { dir: string; finish: () => void }[] = [];
  const sync = (dir: string) => new Promise<void>((finish) => started.push({ dir, finish }));
  return { started, sync };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('callers that arrive together share one flush', async () => {
  const { started, sync } = controlledSync();
  const flusher = new DirectoryFlusher(sync);
  const flushes = Array.from({ length: 10 }, () => flusher.flush('/store/2026/11/25'));
  await tick();
  assert.equal(started.length, 1);
  started[0].finish();
  await Promise.all(flushes);
});

test('a caller arriving while a flush runs waits for the next one, which starts after it', async () => {
  const { started, sync } = controlledSync();
  const flusher = new DirectoryFlusher(sync);
  let firstDone = false;
  let laterDone = false;
  const first = flusher.flush('/d').then(() => (firstDone = true));
  await tick();
  const later = [flusher.flush('/d'), flusher.flush('/d')];
  void Promise.all(later).then(() => (laterDone = true));
  await tick();
  assert.equal(started.length, 1, 'no second flush while the first runs');
  started[0].finish();
  await first;
  await tick();
  assert.equal(firstDone, true);
  assert.equal(laterDone, false, 'the first flush began before their renames, so it does not cover them');
  assert.equal(started.length, 2);
  started[1].finish();
  await Promise.all(later);
});

test('directories are flushed independently', async () => {
  const { started, sync } = controlledSync();
  const flusher = new DirectoryFlusher(sync);
  const both = [flusher.flush('/a'), flusher.flush('/b')];
  await tick();
  assert.deepEqual(started.map((s) => s.dir).sort(), ['/a', '/b']);
  for (const s of started) s.finish();
  await Promise.all(both);
});

test('a failed flush fails its callers and the next flush still runs', async () => {
  let calls = 0;
  const flusher = new DirectoryFlusher(async () => {
    calls++;
    if (calls === 1) throw new Error('EIO');
  });
  await assert.rejects(flusher.flush('/d'), /EIO/);
  await flusher.flush('/d');
  assert.equal(calls, 2);
});

test('fsyncDirectory flushes a real directory after a rename', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'oliver-flush-'));
  try {
    writeFileSync(join(dir, 'a.part'), 'x');
    renameSync(join(dir, 'a.part'), join(dir, 'a.wav'));
    await fsyncDirectory(dir);
    await assert.rejects(fsyncDirectory(join(dir, 'missing')), /ENOENT/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
