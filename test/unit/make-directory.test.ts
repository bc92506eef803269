import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { makeDirectory, makeDirectorySync } from '../../src/common/make-directory';

describe('makeDirectory: mkdir -p that fails where Node loops', () => {
  const root = mkdtempSync(join(tmpdir(), 'make-directory-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  for (const [name, make] of [
    ['async', makeDirectory],
    ['sync', async (dir: string) => makeDirectorySync(dir)],
  ] as const) {
    test(`${name}: creates missing parents and returns the first folder it made; an existing folder returns undefined`, async () => {
      const dir = join(root, name, 'a', 'b', 'c');
      assert.equal(await make(dir), join(root, name));
      assert.ok(existsSync(dir));
      assert.equal(await make(dir), undefined);
      assert.equal(await make(join(dir, 'd')), join(dir, 'd'));
    });

    test(`${name}: a folder under /proc, where the kernel answers ENOENT with the parent there, is refused (Node's recursive mkdir never returns)`, async () => {
      await assert.rejects(() => make('/proc/oliver-no-such/audio'), { code: 'ENOENT' });
    });

    test(`${name}: a file in the way is refused`, async () => {
      const file = join(root, `${name}-file`);
      writeFileSync(file, 'x');
      await assert.rejects(() => make(file), { code: 'EEXIST' });
      await assert.rejects(() => make(join(file, 'below')), { code: 'ENOTDIR' });
    });
  }
});
