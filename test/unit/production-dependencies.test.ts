import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';

const ROOT = resolve(__dirname, '../../..');
const BUILT = join(ROOT, 'dist/src');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

const builtFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? builtFiles(join(dir, entry.name)) : entry.name.endsWith('.js') ? [join(dir, entry.name)] : [],
  );

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

describe('the production install (npm ci --omit=dev, then npm run start:prod)', () => {
  test('start:prod runs the built service with plain node', () => {
    assert.equal(pkg.scripts['start:prod'], 'node dist/src/main.js');
    assert.ok(existsSync(join(BUILT, 'main.js')));
  });

  test('every package the built service loads is a runtime dependency, not a development one', () => {
    const loaded = new Set<string>();
    for (const file of builtFiles(BUILT)) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/\b(?:require|import)\(\s*["']([^"'.][^"']*)["']\s*\)/g)) {
        if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) loaded.add(packageOf(specifier));
      }
    }
    assert.ok(loaded.has('@nestjs/core') && loaded.has('helmet'), `found ${[...loaded].join(', ')}`);
    // TypeORM loads the database drivers by name at run time.
    for (const name of [...loaded, 'pg', 'better-sqlite3']) {
      assert.ok(pkg.dependencies[name], `${name} is in dependencies${pkg.devDependencies[name] ? ' (it is only in devDependencies)' : ''}`);
    }
  });
});
