import autocannon from 'autocannon';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadFigures {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

/** wrk (C) when installed: it leaves more of a small machine to the server; else autocannon. */
export const loadClient = (): 'wrk' | 'autocannon' =>
  (process.env.BENCH_CLIENT as 'wrk' | 'autocannon' | undefined) ?? (spawnSync('wrk', ['--version']).error ? 'autocannon' : 'wrk');

/** Replays one request at a fixed concurrency for a fixed time. */
export function load(url: string, body: Buffer, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadFigures> {
  return loadClient() === 'wrk' ? loadWithWrk(url, body, headers, connections, seconds) : loadWithAutocannon(url, body, headers, connections, seconds);
}

const toMs = (value: string, unit: string) => Number(value) * ({ us: 0.001, ms: 1, s: 1000 }[unit] ?? NaN);

async function loadWithWrk(url: string, body: Buffer, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadFigures> {
  const dir = mkdtempSync(join(tmpdir(), 'oliver-wrk-'));
  writeFileSync(join(dir, 'body.bin'), body);
  writeFileSync(
    join(dir, 'post.lua'),
    [
      `local f = io.open("${join(dir, 'body.bin')}", "rb")`,
      'wrk.method = "POST"',
      'wrk.body = f:read("*a")',
      'f:close()',
      ...Object.entries(headers).map(([name, value]) => `wrk.headers["${name}"] = "${value}"`),
    ].join('\n'),
  );
  try {
    const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', join(dir, 'post.lua'), url], { encoding: 'utf8' });
    const percentile = (p: string) => {
      const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
      return m ? toMs(m[1], m[2]) : NaN;
    };
    const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
    return {
      requestsPerSecond: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]),
      p50: percentile('50'),
      p99: percentile('99'),
      non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
      errors: errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function loadWithAutocannon(url: string, body: Buffer, headers: Record<string, string>, connections: number, seconds: number): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: 'POST',
    headers,
    body,
    connections,
    duration: seconds,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

/** The resident memory of a process, in MiB, from /proc. */
export function rssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/** A multipart body with one `file` field, as a client would send it. */
export function multipart(file: Buffer, filename: string): { body: Buffer; contentType: string } {
  const boundary = '----oliverbench7MA4YWxkTrZu0gW';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: audio/wav\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export interface Started {
  pid: number;
  /** The port the `ready` pattern captured, if it has a group. */
  port: number;
  output(): string;
  stop(): Promise<void>;
}

/** Starts a process and resolves once its output matches `ready`. */
export function start(command: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<Started> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let started = false;
    const onData = (text: Buffer) => {
      output += text.toString();
      const match = ready.exec(output);
      if (match && !started) {
        started = true;
        done({
          pid: child.pid!,
          port: Number(match[1]),
          output: () => output,
          stop: () => new Promise<void>((stopped) => { child.once('exit', () => stopped()); child.kill('SIGTERM'); }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`exited with ${code}:\n${output}`)));
  });
}

export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};
