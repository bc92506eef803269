import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, openAsBlob, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createOliverClient, multipart, OliverError, waitForResult } from '../../sdk/src';
import { cli } from '../support/api';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const ROOT = resolve(__dirname, '../../..');
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');

/** The first TypeScript block of the SDK's README, as a newcomer would copy it. */
const readmeExample = () => {
  const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'sdk/README.md'), 'utf8'));
  assert.ok(block, 'the README has a TypeScript example');
  return block[1];
};

describe("the SDK README's example, compiled against the built package and run against the service", () => {
  let db: TestDatabase;
  let service: RunningService;
  let work: string;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: db.env });
    // Outside the repository, so nothing of the repository's node_modules is found: the SDK's
    // package.json and lock must bring all it needs (installed offline from npm's cache).
    work = mkdtempSync(join(tmpdir(), 'sdk-readme-'));
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('a copy of sdk/ outside the repository installs, packs and builds on its own; the example type-checks against the package, polls the call to completion and prints its result', async () => {
    const sdk = join(work, 'sdk');
    cpSync(join(ROOT, 'sdk'), sdk, { recursive: true, filter: (from) => !/[/\\](node_modules|dist)$|\.tgz$/.test(from) });
    // Offline: the packages come from npm's cache, which installing this project filled (same versions); the test sends nothing off the machine.
    const npm = (cwd: string, ...args: string[]) => execFileSync('npm', ['--no-audit', '--no-fund', '--offline', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    // The lock's versions exactly (typescript among them); no install scripts are needed.
    npm(sdk, 'ci', '--ignore-scripts');
    // npm pack builds it (prepack, with the SDK's own tsc) and packs what the package lists.
    const [packed] = JSON.parse(npm(sdk, 'pack', '--json', '--pack-destination', work)) as { filename: string; name: string; files: { path: string }[] }[];
    assert.ok(['dist/index.js', 'dist/index.d.ts', 'dist/schema.d.ts'].every((file) => packed.files.some((f) => f.path === file)), 'the package holds the built client and its types');
    // An app installs the tarball as an integrator would, with its dependencies. Offline, npm cannot
    // look up a version range (npm ci fetched the tarballs, never the registry's lists of versions),
    // so the SDK's runtime dependencies, as its lock pins them, are packed from its install and given
    // alongside: they satisfy its ranges as the registry's copies would.
    const lock = JSON.parse(readFileSync(join(sdk, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; peer?: boolean }> };
    const runtime = Object.entries(lock.packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.dev && !entry.peer).map(([path]) => path);
    assert.ok(runtime.includes('node_modules/openapi-fetch'), `runtime dependencies ${runtime.join(', ')}`);
    const dependencies = runtime.map((path) => (JSON.parse(npm(sdk, 'pack', '--json', '--ignore-scripts', '--pack-destination', work, `./${path}`)) as { filename: string }[])[0].filename);
    const app = join(work, 'app');
    mkdirSync(app, { recursive: true });
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'readme-app', private: true }));
    npm(app, 'install', '--ignore-scripts', ...[packed.filename, ...dependencies].map((file) => join(work, file)));
    writeFileSync(join(app, 'example.mts'), readmeExample());
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { module: 'node20', moduleResolution: 'node16', target: 'ES2022', lib: ['ES2022', 'DOM'], types: ['node'], typeRoots: [join(ROOT, 'node_modules/@types')], strict: true, noEmitOnError: true },
        files: ['example.mts'],
      }),
    );
    const compiled = spawnSync(process.execPath, [TSC, '-p', join(app, 'tsconfig.json')], { encoding: 'utf8' });
    assert.equal(compiled.status, 0, `the example compiles:\n${compiled.stdout}${compiled.stderr}`);
    copyFileSync(fixture('pcm.wav').path, join(app, 'call.wav'));

    const [client] = await cli(service.env, 'client', 'create', '--name', 'README reader');
    const ran = spawnSync(process.execPath, [join(app, 'example.mjs')], {
      cwd: app,
      encoding: 'utf8',
      timeout: 120_000,
      env: { PATH: process.env.PATH, OLIVER_URL: service.url, OLIVER_TOKEN: client.token, OLIVER_CID: String(client.cid) },
    });
    assert.equal(ran.status, 0, `the example runs:\n${ran.stdout}${ran.stderr}`);
    const [done, listed, erased] = ran.stdout.trim().split('\n');
    assert.match(done, /^process \d+: 3\.5\d* s, agent talked \d+(\.\d+)? s$/);
    assert.equal(listed, '1 processes of agent-042, 1 on this page');
    assert.equal(erased, 'erased: 204, then 410');
  });

  test('waitForResult gives up after its timeout with an OliverError of kind "timeout", and passes on an API refusal', async () => {
    // An API with no worker on its queue: the call stays pending.
    const alone = await startService({ role: 'api', env: db.env });
    try {
      await triesOnce(alone);
    } finally {
      await alone.stop();
    }
  });
});

/** Against an API whose calls stay pending: a timeout, then an unknown pid. */
async function triesOnce(alone: RunningService) {
  const [client] = await cli(alone.env, 'client', 'create', '--name', 'Impatient');
  const sdk = createOliverClient({ baseUrl: alone.url, token: client.token });
  const { data: submitted } = await sdk.POST('/client/{cid}/process/audio', {
    // calldirection as a number, as responses carry it (a word or the number as text is accepted too).
    params: { path: { cid: client.cid }, query: { channels: 2, calldirection: 2 } },
    body: { file: new File([await openAsBlob(fixture('pcm.wav').path)], 'call.wav') },
    bodySerializer: multipart,
  });
  const direction: 1 | 2 = submitted!.calldirection;
  assert.equal(direction, 2);
  await assert.rejects(waitForResult(sdk, client.cid, submitted!.pid, { timeoutMs: 1, intervalMs: 50 }), (error: unknown) => {
    assert.ok(error instanceof OliverError);
    assert.equal(error.kind, 'timeout');
    assert.match(error.message, new RegExp(`^Process ${submitted!.pid} did not finish within 1 ms`));
    return true;
  });
  await assert.rejects(waitForResult(sdk, client.cid, 987654), (error: unknown) => error instanceof OliverError && error.kind === 'api' && error.body?.code === 404);
}
