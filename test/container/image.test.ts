import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { buildImage, CONTAINERS_CONF, inspectImage, nodeBaseImage, podman, ROOT } from '../support/container';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { audioFixtures, fixture } from '../support/fixtures';
import { freePort } from '../support/ports';
import { AMR_CALL, realRecordings } from '../support/recordings';
import { uniquePrefix, waitFor } from '../support/service';

/** Built once for the whole file: a base image (kept between runs), then the project's image on it. */
let image: string;

before(
  async () => {
    const started = Date.now();
    image = await buildImage(await nodeBaseImage());
    console.log(`# image built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  },
  { timeout: 30 * 60_000 },
);

describe('the container image', () => {
  test('is under 400 MB, runs as a user that is not root, and carries its labels and health check', async () => {
    const info = await inspectImage(image);
    assert.ok(info.Size < 400_000_000, `the image is ${(info.Size / 1e6).toFixed(0)} MB`);
    assert.equal(info.Config.User, '10001:10001');
    assert.equal((await podman('run', '--rm', '--network', 'none', '--entrypoint', 'id', image, '-u')).trim(), '10001');
    assert.deepEqual(info.Config.Entrypoint, ['/usr/bin/tini', '-e', '143', '--'], 'node runs under an init that forwards signals');
    assert.deepEqual(info.Config.Cmd, ['node', 'dist/src/main.js'], 'node itself, not npm or nest, whose children miss SIGTERM');
    assert.equal(info.Config.Labels['org.opencontainers.image.title'], 'oliver-compatible-call-processing');
    assert.equal(info.Config.Labels['org.opencontainers.image.licenses'], 'Apache-2.0');
    assert.equal(info.Config.Labels['org.opencontainers.image.version'], JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    assert.deepEqual(info.Healthcheck?.Test, ['CMD', 'node', 'dist/src/status/healthcheck.js']);
    // Only what runs is installed: no compiler, no test or build tools.
    const listed = await podman('run', '--rm', '--network', 'none', '--entrypoint', 'sh', image, '-c', 'ls node_modules node_modules/@nestjs; command -v gcc g++ make || true');
    assert.match(listed, /^better-sqlite3$/m);
    assert.doesNotMatch(listed, /^(cli|eslint|fast-check|autocannon|playwright-core|\/usr\/bin\/(gcc|g\+\+|make))$/m);
  });

  test("the image's ffmpeg and ffprobe decode the formats calls come in", async () => {
    const decoders = await podman('run', '--rm', '--network', 'none', '--entrypoint', 'ffmpeg', image, '-hide_banner', '-decoders');
    for (const codec of ['pcm_mulaw', 'pcm_alaw', 'mp3float', 'flac', 'aac', 'opus', 'vorbis', 'amrnb', 'amrwb', 'wmav2', 'gsm_ms', 'g722', 'als']) {
      assert.match(decoders, new RegExp(` ${codec} `), codec);
    }
    assert.match(await podman('run', '--rm', '--network', 'none', '--entrypoint', 'ffprobe', image, '-version'), /^ffprobe version/);
  });

  test("the image's ffmpeg decodes every kind of recording the service is tested with, as the worker runs it", async () => {
    const files = [...audioFixtures().map((f) => ({ name: f.name, path: f.path })), ...realRecordings().map((r) => ({ name: r.name, path: r.path() }))];
    const mounts = files.flatMap((file, i) => ['--volume', `${file.path}:/calls/${i}:ro`]);
    // The decoder's own command line (src/analysis/pcm-decoder.ts); a file that fails is named.
    const script = 'for f in /calls/*; do ffmpeg -nostdin -hide_banner -loglevel error -i "$f" -map 0:a:0 -vn -af aresample=async=1 -ar 8000 -f s16le -acodec pcm_s16le pipe:1 >/dev/null 2>&1 || echo "failed $f"; done';
    const failed = await podman('run', '--rm', '--network', 'none', ...mounts, '--entrypoint', 'sh', image, '-c', script);
    assert.deepEqual(failed.trim().split('\n').filter(Boolean).map((line) => files[Number(line.split('/').pop())].name), []);
  });

  describe('ROLE=all on the machine\'s PostgreSQL and Redis', () => {
    let db: TestDatabase;
    let url: string;
    const name = `oliver-test-${process.pid}`;
    const logs = async () => (await podman('logs', name).catch((e: Error) => e.message)).slice(-4000);

    before(async () => {
      db = await createTestDatabase('postgres');
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      await podman('run', '--detach', '--name', name, '--network', 'host',
        '--env', 'ROLE=all', '--env', `PORT=${port}`, '--env', 'HOST=127.0.0.1',
        '--env', `DATABASE_URL=${db.env.DATABASE_URL}`, '--env', 'REDIS_URL=redis://127.0.0.1:6379',
        '--env', `QUEUE_PREFIX=${uniquePrefix()}`, '--env', 'MIN_FREE_DISK_BYTES=1048576',
        image);
      await ready(url, 60_000, logs);
    });
    after(async () => {
      await podman('rm', '--force', name).catch(() => undefined);
      await db?.drop();
    });

    let client: OliverClient;

    test('the command line in the container creates a client, whose calls are processed to status 2', async () => {
      const [created] = (await podman('exec', name, 'node', 'dist/src/cli.js', 'client', 'create', '--name', 'Container'))
        .trim().split('\n').map((line) => JSON.parse(line));
      assert.match(created.token, /^olv_/);
      client = new OliverClient(url, created.cid, created.token);
      for (const [path, channels] of [[fixture('call.mp3').path, 2], [AMR_CALL, 1]] as const) {
        const submitted = await client.submitFile(path, { channels, calldirection: 1 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const settled = await client.settle(submitted.body.pid, 60_000, () => 'see the container\'s logs');
        assert.equal(settled.status, 2, JSON.stringify(settled));
        assert.equal((await client.result(submitted.body.pid)).status, 200);
      }
      // Exits non-zero (and so rejects) when the container is unhealthy.
      await podman('healthcheck', 'run', name);
    });

    test('`podman stop` in the middle of an upload: the upload is finished with 200, then the container exits 0', async () => {
      assert.ok(client, 'needs the client of the test above');
      const boundary = 'container-boundary';
      const audio = readFileSync(fixture('pcm.wav').path);
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="late.wav"\r\nContent-Type: audio/wav\r\n\r\n`);
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      let stopped: Promise<string> | undefined;
      const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
        const upload = request(`${url}/client/${client.cid}/process/audio?channels=2&calldirection=1`, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(head.length + audio.length + tail.length), 'x-auth-token': client.token, connection: 'close' },
        }, (response) => {
          let body = '';
          response.setEncoding('utf8').on('data', (t) => (body += t)).on('end', () => resolve({ status: response.statusCode!, body }));
        });
        upload.on('error', reject);
        upload.write(head);
        upload.write(audio.subarray(0, audio.length / 2));
        setTimeout(async () => {
          try {
            // podman stop sends the image's STOPSIGNAL (SIGTERM) and waits up to 60 s before SIGKILL.
            stopped = podman('stop', '--time', '60', name);
            await waitFor(async () => (await logs()).includes('SIGTERM: finishing work in hand'), 10_000);
            // New connections are refused meanwhile.
            await waitFor(() => fetch(`${url}/status`).then(() => false, () => true), 10_000);
          } catch (error) {
            reject(error);
          } finally {
            upload.end(Buffer.concat([audio.subarray(audio.length / 2), tail]));
          }
        }, 300);
      });
      const { status, body } = await answer;
      assert.equal(status, 200, body);
      const late = JSON.parse(body);
      assert.equal(late.source, 'late.wav');
      await stopped;
      assert.equal((await podman('inspect', '--format', '{{.State.ExitCode}}', name)).trim(), '0', await logs());
      assert.doesNotMatch(await logs(), /Still busy/);

      // Started again, it processes the call it accepted while stopping.
      await podman('start', name);
      await ready(url, 60_000, logs);
      assert.equal((await client.settle(late.pid, 60_000, () => 'see the container\'s logs')).status, 2);
    });

    test('SIGTERM to the container ends it cleanly', async () => {
      await podman('kill', '--signal', 'SIGTERM', name);
      assert.equal((await podman('wait', name)).trim(), '0', await logs());
    });
  });
});

describe('the compose stack', () => {
  test('podman-compose reads compose.yaml: PostgreSQL, Redis, two API replicas behind a proxy and two workers, with health checks and settings from .env', async () => {
    // This podman-compose has no `config`; a dry run prints the containers it would start (it only makes the volumes and network).
    const dir = mkdtempSync(join(tmpdir(), 'oliver-compose-'));
    const project = `oliver${process.pid}`;
    try {
      cpSync(join(ROOT, 'compose.yaml'), join(dir, 'compose.yaml'));
      cpSync(join(ROOT, '.env.example'), join(dir, '.env'));
      cpSync(join(ROOT, 'deploy'), join(dir, 'deploy'), { recursive: true });
      const { stdout } = await promisify(execFile)('podman-compose', ['--project-name', project, '--dry-run', 'up', '--no-build', '--detach'], {
        cwd: dir,
        env: { ...process.env, CONTAINERS_CONF, OLIVER_IMAGE: image },
      });
      const runs = stdout.split('\n').filter((line) => line.startsWith('podman run '));
      const named = (service: string) => runs.filter((line) => line.includes(`--name=${project}_${service}_`));
      assert.equal(named('postgres').length, 1);
      assert.equal(named('redis').length, 1);
      assert.equal(named('api').length, 2, 'two API replicas');
      assert.equal(named('worker').length, 2, 'two worker replicas');
      for (const line of [...named('api'), ...named('worker')]) {
        assert.ok(line.includes(`--env-file ${join(dir, '.env')}`), 'settings from .env');
        assert.ok(line.includes('-e DATABASE_URL=postgres://oliver:change-me-to-a-long-random-password@postgres:5432/oliver'), line);
        assert.ok(line.includes('-e REDIS_URL=redis://redis:6379'), line);
        assert.ok(line.includes(`-v ${project}_audio:/data/audio`), 'one named volume holds the audio');
        assert.match(line, /--healthcheck-command \/bin\/sh -c 'node dist\/src\/status\/healthcheck\.js'/);
        assert.ok(line.endsWith(image), line);
      }
      assert.ok(named('api').every((line) => line.includes('-e ROLE=api')));
      assert.ok(named('worker').every((line) => line.includes('-e ROLE=worker')));
      assert.ok(named('api').every((line) => line.includes('-e TRUST_PROXY=uniquelocal') && !line.includes(' -p ')), 'reached through the proxy only');
      assert.equal(named('proxy').length, 1);
      assert.ok(named('proxy')[0].includes(`-v ${join(dir, 'deploy/nginx.conf')}:/etc/nginx/conf.d/default.conf:ro`), named('proxy')[0]);
      assert.ok(named('proxy')[0].includes('-p 8080:8080'), named('proxy')[0]);
      assert.match(named('postgres')[0], /--healthcheck-command \/bin\/sh -c 'pg_isready/);
      assert.match(named('redis')[0], /--healthcheck-command/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      for (const volume of ['pgdata', 'redisdata', 'audio']) await podman('volume', 'rm', '--force', `${project}_${volume}`).catch(() => undefined);
      await podman('network', 'rm', '--force', `${project}_default`).catch(() => undefined);
    }
  });
});

/** Waits until the service in the container answers /health/ready with 200. */
async function ready(url: string, timeoutMs: number, logs: () => Promise<string>): Promise<void> {
  try {
    await waitFor(async () => (await fetch(`${url}/health/ready`).catch(() => undefined))?.status === 200, timeoutMs);
  } catch (error) {
    throw new Error(`the container did not get ready:\n${await logs()}`, { cause: error });
  }
}
