import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Queue from 'bull';
import { Client } from 'pg';
import { multipart, percentile, start, Started } from './measure';

/**
 * bench:load — 2000 submissions at concurrency 64 against an API and two
 * worker processes on PostgreSQL and Redis. Checks that every answer is a
 * 200 with a pid of its own, and that at the end accepted = rows = results,
 * each call completed exactly once. The same requests against a bare
 * node:http server that streams them to disk give the baseline.
 */
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const COMPLETION_TIMEOUT_MS = Number(process.env.BENCH_COMPLETION_TIMEOUT_MS ?? 600_000);
const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = resolve(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/src/main.js');

interface Answer {
  status: number;
  pid?: number;
  ms: number;
}

/** Sends `total` requests, `concurrency` at a time; returns every answer and the wall time. */
async function drive(url: string, body: Buffer, headers: Record<string, string>): Promise<{ answers: Answer[]; seconds: number }> {
  const answers: Answer[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < TOTAL) {
      next++;
      const sent = performance.now();
      try {
        const response = await fetch(url, { method: 'POST', body, headers });
        const text = await response.text();
        const pid = response.status === 200 ? (JSON.parse(text) as { pid?: number }).pid : undefined;
        answers.push({ status: response.status, pid, ms: performance.now() - sent });
      } catch {
        answers.push({ status: 0, ms: performance.now() - sent });
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return { answers, seconds: (performance.now() - started) / 1000 };
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function counts(databaseUrl: string): Promise<{ rows: number; completed: number; aborted: number; results: number }> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT (SELECT count(*) FROM processes) AS rows, (SELECT count(*) FROM processes WHERE status = 2) AS completed,
              (SELECT count(*) FROM processes WHERE status = -2) AS aborted, (SELECT count(*) FROM process_results) AS results`,
    );
    return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)])) as never;
  } finally {
    await client.end();
  }
}

const line = (name: string, seconds: number, answers: Answer[]) => {
  const ms = answers.map((a) => a.ms);
  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(9);
  return `${name.padEnd(26)}${fmt(answers.length / seconds, 0)}${fmt(percentile(ms, 50))}${fmt(percentile(ms, 90))}${fmt(percentile(ms, 99))}${fmt(Math.max(...ms))}`;
};

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'oliver-load-'));
  const database = `oliver_load_${randomBytes(5).toString('hex')}`;
  const databaseUrl = Object.assign(new URL(PG_ADMIN_URL), { pathname: `/${database}` }).toString();
  const prefix = `load-${randomBytes(4).toString('hex')}`;
  const running: Started[] = [];
  try {
    const wav = join(work, 'call-40s.wav');
    execFileSync('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', wav, 'synth', '40', 'sine', '300', 'sine', '500', 'vol', '0.5']);
    const { body, contentType } = multipart(readFileSync(wav), 'call-40s.wav');
    console.log(`${TOTAL} submissions of a 40 s stereo 8 kHz WAV (${(body.length / 1e6).toFixed(2)} MB) at concurrency ${CONCURRENCY}; API + ${WORKERS} workers on PostgreSQL and Redis\n`);

    const bare = await start(process.execPath, [join(__dirname, 'bare-upload-server.js'), work], {}, /Listening on (\d+)/);
    const baseline = await drive(`http://127.0.0.1:${bare.port}/`, body, { 'Content-Type': contentType });
    await bare.stop();

    await admin(`CREATE DATABASE ${database}`);
    const env = { DATABASE_URL: databaseUrl, REDIS_URL, QUEUE_PREFIX: prefix, STORAGE_DIR: join(work, 'audio'), RATE_LIMIT: '1000000', HOST: '127.0.0.1', PORT: '0' };
    const created = JSON.parse(execFileSync(process.execPath, [join(ROOT, 'dist/src/cli.js'), 'client', 'create', '--name', 'load'], { env: { ...process.env, ...env }, encoding: 'utf8' }));
    const api = await start(process.execPath, [MAIN], { ...env, ROLE: 'api' }, /Listening on http:\/\/127\.0\.0\.1:(\d+)/);
    running.push(api);
    const workers: Started[] = [];
    for (let i = 0; i < WORKERS; i++) workers.push(await start(process.execPath, [MAIN], { ...env, ROLE: 'worker' }, /Worker started/));
    running.push(...workers);

    const url = `http://127.0.0.1:${api.port}/client/${created.cid}/process/audio?channels=2&calldirection=1&agentId=load`;
    const submitted = performance.now();
    const ours = await drive(url, body, { 'Content-Type': contentType, 'X-Auth-Token': created.token });
    let last = await counts(databaseUrl);
    const accepted = ours.answers.filter((a) => a.status === 200);
    while (last.completed + last.aborted < accepted.length && performance.now() - submitted < COMPLETION_TIMEOUT_MS) {
      await new Promise((r) => setTimeout(r, 250));
      last = await counts(databaseUrl);
    }
    const untilLastCompleted = (performance.now() - submitted) / 1000;

    console.log('                               req/s   p50 ms   p90 ms   p99 ms   max ms');
    console.log(line('bare node:http to disk', baseline.seconds, baseline.answers));
    console.log(line('our API (2 workers busy)', ours.seconds, ours.answers));
    console.log(`\nthroughput ratio ours/bare: ${((100 * (accepted.length / ours.seconds)) / (baseline.answers.length / baseline.seconds)).toFixed(1)}%`);
    console.log(`submissions took ${ours.seconds.toFixed(1)} s; the last call completed ${untilLastCompleted.toFixed(1)} s after the first submission`);

    const completions = new Map<number, number>();
    const perWorker = workers.map((w) => {
      const pids = [...w.output().matchAll(/Process (\d+) complete:/g)].map((m) => Number(m[1]));
      for (const pid of pids) completions.set(pid, (completions.get(pid) ?? 0) + 1);
      return pids.length;
    });
    console.log(`completions per worker: ${perWorker.join(', ')}`);

    const pids = new Set(accepted.map((a) => a.pid));
    const checks: [string, boolean][] = [
      [`every response 200 (${accepted.length}/${TOTAL})`, accepted.length === TOTAL],
      [`zero 5xx (${ours.answers.filter((a) => a.status >= 500).length}) and zero connection errors (${ours.answers.filter((a) => a.status === 0).length})`, ours.answers.every((a) => a.status !== 0 && a.status < 500)],
      [`every pid unique (${pids.size})`, pids.size === accepted.length],
      [`accepted = rows (${accepted.length} = ${last.rows})`, last.rows === accepted.length],
      [`accepted = completed (${last.completed}; aborted ${last.aborted})`, last.completed === accepted.length],
      [`accepted = results (${last.results})`, last.results === accepted.length],
      [`each call completed exactly once (${completions.size} calls, ${[...completions.values()].filter((n) => n > 1).length} twice or more)`, completions.size === accepted.length && [...completions.values()].every((n) => n === 1)],
    ];
    console.log('');
    for (const [name, ok] of checks) console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}`);
    if (checks.some(([, ok]) => !ok)) process.exitCode = 1;
  } finally {
    for (const process of running) await process.stop();
    const queue = new Queue('process-audio', REDIS_URL, { prefix });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
