import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, rmSync, symlinkSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { freePort } from '../support/ports';
import { tempDir, uniquePrefix, waitFor } from '../support/service';

const ROOT = resolve(__dirname, '../../..');

/** Whether anything answers on the port. */
const answers = (url: string) =>
  fetch(url, { signal: AbortSignal.timeout(2000) }).then(
    () => true,
    () => false,
  );

/**
 * `npm start` as a person runs it on a fresh copy of the service (its
 * sources and settings files, the installed packages linked): it builds,
 * serves on the embedded defaults (SQLite and audio under ./data), and a
 * SIGTERM to npm alone, as a process manager or `kill` sends it, stops the
 * service gracefully instead of leaving it serving.
 */
test('npm start builds and serves a fresh copy; SIGTERM to npm stops the service', { timeout: 420_000 }, async () => {
  const copy = tempDir('npm-start');
  for (const entry of ['src', 'package.json', 'nest-cli.json', 'tsconfig.json']) cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Its own process group, so that whatever outlives npm can be cleared up after the test.
  const npm = spawn('npm', ['start'], {
    cwd: copy,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: String(port), HOST: '127.0.0.1', QUEUE_PREFIX: uniquePrefix() },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  npm.stdout!.setEncoding('utf8').on('data', (t: string) => (output += t));
  npm.stderr!.setEncoding('utf8').on('data', (t: string) => (output += t));
  const exited = new Promise<number | null>((done) => npm.on('exit', (code) => done(code)));
  try {
    await waitFor(() => /Listening on/.test(output), 360_000, () => (npm.exitCode !== null ? `npm start exited:\n${output}` : undefined));
    const status = await fetch(`${url}/status`);
    assert.equal(status.status, 200);
    assert.ok(existsSync(join(copy, 'dist/src/main.js')), 'built in the copy');
    assert.ok(existsSync(join(copy, 'data')), 'its data under ./data, the embedded default');

    process.kill(npm.pid!, 'SIGTERM');
    await waitFor(() => npm.exitCode !== null || npm.signalCode !== null, 30_000, () => undefined).catch(() => assert.fail(`npm still running 30 s after SIGTERM:\n${output}`));
    await exited;
    await waitFor(async () => !(await answers(`${url}/status`)), 15_000).catch(() => assert.fail(`the service still answers after npm ended:\n${output}`));
    assert.match(output, /SIGTERM: finishing work in hand/, 'the service itself got the signal and shut down gracefully');
  } finally {
    try {
      process.kill(-npm.pid!, 'SIGKILL');
    } catch {
      // The group is gone: nothing outlived npm.
    }
    rmSync(copy, { recursive: true, force: true });
  }
});
