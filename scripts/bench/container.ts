/**
 * The container image: how long it takes to build, its size, and how long a
 * container takes from `podman run` to /health/ready answering 200, as
 * ROLE=all on the machine's PostgreSQL (a throwaway database on
 * BENCH_PG_ADMIN_URL) and Redis, BENCH_RUNS times (5). The image is built
 * first, on the registry-free base image (see the README, "Container image").
 */
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { buildImage, inspectImage, nodeBaseImage, podman } from '../../test/support/container';
import { freePort } from '../../test/support/ports';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Milliseconds from `podman run` until /health/ready answers 200. */
async function startToReady(image: string, databaseUrl: string): Promise<number> {
  const port = await freePort();
  const name = `oliver-bench-${randomBytes(4).toString('hex')}`;
  const started = performance.now();
  await podman('run', '--detach', '--name', name, '--network', 'host', '--env', 'ROLE=all', '--env', `PORT=${port}`, '--env', 'HOST=127.0.0.1',
    '--env', `DATABASE_URL=${databaseUrl}`, '--env', 'REDIS_URL=redis://127.0.0.1:6379', '--env', `QUEUE_PREFIX=bench-${name}`,
    '--env', 'MIN_FREE_DISK_BYTES=1048576', image);
  try {
    for (;;) {
      const status = await fetch(`http://127.0.0.1:${port}/health/ready`).then((r) => r.status, () => 0);
      if (status === 200) return performance.now() - started;
      if (performance.now() - started > 120_000) throw new Error(`not ready after 120 s:\n${await podman('logs', name)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await podman('rm', '--force', '--time', '30', name);
  }
}

async function main(): Promise<void> {
  let started = performance.now();
  const base = await nodeBaseImage();
  console.log(`base image ${base}: ${((performance.now() - started) / 1000).toFixed(1)} s (0 when kept from an earlier run)`);
  started = performance.now();
  const image = await buildImage(base, 'localhost/oliver-compatible-call-processing:bench');
  console.log(`image built in ${((performance.now() - started) / 1000).toFixed(1)} s (steps held in podman's layer cache are reused)`);
  console.log(`image size: ${((await inspectImage(image)).Size / 1e6).toFixed(0)} MB`);

  const database = `oliver_bench_${randomBytes(4).toString('hex')}`;
  await admin(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  try {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      // The first run also migrates the empty database.
      times.push(await startToReady(image, url.toString()));
      console.log(`run ${run + 1}: podman run to /health/ready 200 in ${(times[run] / 1000).toFixed(2)} s`);
    }
    const sorted = [...times].sort((a, b) => a - b);
    console.log(`start to ready: median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(2)} s, worst ${(sorted[sorted.length - 1] / 1000).toFixed(2)} s over ${RUNS} runs`);
  } finally {
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
