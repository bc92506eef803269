import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openAsBlob, openSync, readFileSync, rmSync, writeSync, ftruncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Queue from 'bull';
import { PrivateS3 } from '../../test/support/s3-server';
import { load, loadClient, median, multipart, rssMiB, start, Started, type LoadFigures } from './measure';

/**
 * bench:submit — throughput and latency of POST /client/{cid}/process/audio
 * against a bare node:http server that streams the same request to disk,
 * measured in the same run; then the API's memory while one 1 GB file uploads.
 * The bare server runs twice: removing each file (the baseline, which
 * never reaches the disk) and keeping it flushed (what storing a call costs
 * this machine's disk before any of our work). Our API runs on the disk
 * driver and on the S3 driver, the latter against s3rver (an S3-compatible
 * server in Node) on loopback, whose own speed bounds that row.
 */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** The machine is shared and noisy: each server is measured this many times, interleaved, and the medians reported; 0 measures only the 1 GB uploads. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const ROOT = resolve(__dirname, '../../..');
const work = mkdtempSync(join(tmpdir(), 'oliver-bench-'));

interface Api extends Started {
  /** A client made for the run: its cid and token. */
  cid: number;
  token: string;
}

/** The API role on a fresh SQLite file, with one client; the rate limit is lifted so it is counted but never refuses. */
async function startApi(extra: Record<string, string>): Promise<Api> {
  const env = { SQLITE_PATH: join(work, `db-${Date.now()}.sqlite`), STORAGE_DIR: join(work, 'audio'), RATE_LIMIT: '1000000', ...extra };
  const created = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'dist/src/cli.js'), 'client', 'create', '--name', 'bench'], { env: { ...process.env, ...env }, encoding: 'utf8' }));
  const api = await start(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    ROLE: 'api', PORT: '0', HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '2000', ...env,
  }, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { ...api, cid: created.cid, token: created.token };
}

const fmt = (n: number, digits = 0) => n.toFixed(digits).padStart(8);

const BASELINES = {
  removed: 'bare node:http to disk (file removed)',
  durable: 'bare node:http to disk (kept, fsync)',
} as const;

/** The S3-compatible server of the run; each API gets a key prefix of its own. */
let s3: PrivateS3;
const onS3 = () => ({ ...s3.env(`bench-${Date.now()}`), STORAGE_FSYNC: 'false' });

async function main(): Promise<void> {
  s3 = await PrivateS3.start();
  const wav = join(work, 'call-40s.wav');
  execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', wav, 'synth', '40', 'sine', '300', 'sine', '500', 'vol', '0.5']);
  const { body, contentType } = multipart(readFileSync(wav), 'call-40s.wav');
  console.log(`Request: one 40 s stereo 8 kHz WAV (${(body.length / 1e6).toFixed(2)} MB), concurrency ${CONCURRENCY}, ${SECONDS} s per run, load from ${loadClient()}\n`);

  const runs = new Map<string, LoadFigures[]>();
  const record = (name: string, figures: LoadFigures) => runs.set(name, [...(runs.get(name) ?? []), figures]);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of ['removed', 'durable'] as const) {
      console.log(`Round ${round} of ${ROUNDS}: the bare server, file ${mode === 'durable' ? 'kept and flushed' : 'removed'}…`);
      const dir = mkdtempSync(join(work, 'bare-'));
      const bare = await start(process.execPath, [join(__dirname, 'bare-upload-server.js'), dir, mode], {}, /Listening on (\d+)/);
      record(BASELINES[mode], await load(`http://127.0.0.1:${bare.port}/`, body, { 'Content-Type': contentType }, CONCURRENCY, SECONDS));
      await bare.stop();
      rmSync(dir, { recursive: true, force: true });
    }

    const configurations: Array<[string, () => Record<string, string>]> = [
      ['our API, disk (STORAGE_FSYNC=true)', () => ({ STORAGE_FSYNC: 'true' })],
      ['our API, disk (STORAGE_FSYNC=false)', () => ({ STORAGE_FSYNC: 'false' })],
      ['our API, S3 driver (s3rver on loopback)', onS3],
    ];
    for (const [name, settings] of configurations) {
      const prefix = `bench-${Date.now()}`;
      console.log(`Round ${round} of ${ROUNDS}: ${name}…`);
      const api = await startApi({ QUEUE_PREFIX: prefix, ...settings() });
      const url = `http://127.0.0.1:${api.port}/client/${api.cid}/process/audio?channels=2&calldirection=1&agentId=bench`;
      record(name, await load(url, body, { 'Content-Type': contentType, 'X-Auth-Token': api.token }, CONCURRENCY, SECONDS));
      await api.stop();
      const queue = new Queue('process-audio', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix });
      await queue.obliterate({ force: true });
      await queue.close();
      rmSync(join(work, 'audio'), { recursive: true, force: true });
    }
  }

  if (ROUNDS > 0) {
    const medianOf = (figures: LoadFigures[], key: keyof LoadFigures) => median(figures.map((f) => f[key]));
    const baseline = medianOf(runs.get(BASELINES.removed)!, 'requestsPerSecond');
    const durable = medianOf(runs.get(BASELINES.durable)!, 'requestsPerSecond');
    console.log(`\nMedians of ${ROUNDS} rounds${' '.repeat(24)}req/s   p50 ms   p99 ms  non-2xx  errors  ratio A  ratio B   (req/s of each round)`);
    for (const [name, figures] of runs) {
      const rps = medianOf(figures, 'requestsPerSecond');
      const total = (key: 'non2xx' | 'errors') => figures.reduce((sum, f) => sum + f[key], 0);
      console.log(
        `${name.padEnd(44)}${fmt(rps)}${fmt(medianOf(figures, 'p50'), 1)}${fmt(medianOf(figures, 'p99'), 1)}${fmt(total('non2xx'))}${fmt(total('errors'))}${fmt((100 * rps) / baseline, 1)}%${fmt((100 * rps) / durable, 1)}%   (${figures.map((f) => f.requestsPerSecond.toFixed(0)).join(', ')})`,
      );
    }
    console.log(`ratio A: of ${BASELINES.removed} (target ≥ 30%); ratio B: of ${BASELINES.durable}, which does the disk work a 200 of ours promises and nothing else`);
  }

  const big = bigWave();
  await bigUpload(big, 'disk driver', { STORAGE_FSYNC: 'false' });
  await bigUpload(big, 'S3 driver  ', onS3());
  await s3.close();
  rmSync(work, { recursive: true, force: true });
}

/** A 1 GB WAV file (silence, sparse on the disk). */
function bigWave(): string {
  const bytes = 1e9;
  const path = join(work, 'big.wav');
  const header = Buffer.alloc(44);
  header.write('RIFF', 0); header.writeUInt32LE(36 + bytes, 4); header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(2, 22);
  header.writeUInt32LE(44100, 24); header.writeUInt32LE(44100 * 4, 28); header.writeUInt16LE(4, 32); header.writeUInt16LE(16, 34);
  header.write('data', 36); header.writeUInt32LE(bytes, 40);
  const fd = openSync(path, 'w');
  writeSync(fd, header);
  ftruncateSync(fd, 44 + bytes);
  closeSync(fd);
  return path;
}

/** One 1 GB WAV upload, streamed from disk by the client; the API's RSS sampled every 20 ms. */
async function bigUpload(path: string, label: string, settings: Record<string, string>): Promise<void> {
  const bytes = 1e9;
  const prefix = `bench-${Date.now()}`;
  const api = await startApi({ QUEUE_PREFIX: prefix, ...settings });
  await new Promise((r) => setTimeout(r, 500));
  const before = rssMiB(api.pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMiB(api.pid))), 20);
  const form = new FormData();
  form.append('file', await openAsBlob(path), 'big.wav');
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${api.port}/client/${api.cid}/process/audio?channels=2&calldirection=1`, {
    method: 'POST',
    body: form,
    headers: { 'X-Auth-Token': api.token },
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  console.log(`\n1 GB upload, ${label}: HTTP ${response.status} in ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(0)} MB/s); API RSS ${before.toFixed(0)} MiB before, peak ${peak.toFixed(0)} MiB, growth ${(peak - before).toFixed(0)} MiB (target ≤ 64)`);
  await api.stop();
  const queue = new Queue('process-audio', process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { prefix });
  await queue.obliterate({ force: true });
  await queue.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
