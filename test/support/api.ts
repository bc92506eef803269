import { execFileSync } from 'node:child_process';
import { openAsBlob } from 'node:fs';
import { basename, resolve } from 'node:path';
import { waitFor } from './service';

export const CLI = resolve(__dirname, '../../src/cli.js');

/** Runs the admin command line against a service's database; returns its JSON lines. */
export function cli(env: Record<string, string>, ...args: string[]): any[] {
  const out = execFileSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return out.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

async function call<T = any>(url: string, init?: RequestInit): Promise<ApiResponse<T>> {
  const started = performance.now();
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T, headers: response.headers, ms: performance.now() - started };
}

export const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string])).toString();

/** A thin client of the contract, as an Oliver client would call it, with its token. */
export class OliverClient {
  constructor(
    readonly baseUrl: string,
    readonly cid: number,
    readonly token: string,
  ) {}

  /** Creates a client with the command line and returns a client of the API speaking as it. */
  static register(service: { url: string; env: Record<string, string> }, name = 'Test client'): OliverClient {
    const [created] = cli(service.env, 'client', 'create', '--name', name);
    return new OliverClient(service.url, created.cid, created.token);
  }

  private get auth() {
    return { 'X-Auth-Token': this.token };
  }

  async submitFile(path: string, params: Record<string, string | number | undefined>, options: { field?: string; filename?: string; rawQuery?: string } = {}) {
    const form = new FormData();
    form.append(options.field ?? 'file', await openAsBlob(path), options.filename ?? basename(path));
    const search = options.rawQuery ?? query(params);
    return call(`${this.baseUrl}/client/${this.cid}/process/audio?${search}`, { method: 'POST', body: form, headers: this.auth });
  }

  submitForm(form: FormData, params: Record<string, string | number | undefined>) {
    return call(`${this.baseUrl}/client/${this.cid}/process/audio?${query(params)}`, { method: 'POST', body: form, headers: this.auth });
  }

  submitUrl(params: Record<string, string | number | undefined>) {
    return call(`${this.baseUrl}/client/${this.cid}/process/url?${query(params)}`, { method: 'POST', headers: this.auth });
  }

  get(path: string, headers: Record<string, string> = this.auth) {
    return call(`${this.baseUrl}${path}`, { headers });
  }

  process(pid: number) {
    return this.get(`/client/${this.cid}/process/${pid}`);
  }

  result(pid: number) {
    return this.get(`/client/${this.cid}/process/${pid}/result`);
  }

  list(params: Record<string, string | number | undefined> = {}) {
    return this.get(`/client/${this.cid}/process?${query(params)}`);
  }

  /** Polls a process, as the official client does, until it settles (2 or -2). */
  async settle(pid: number, timeoutMs = 30_000): Promise<any> {
    let last: any;
    await waitFor(async () => {
      last = (await this.process(pid)).body;
      return last.status === 2 || last.status === -2;
    }, timeoutMs);
    return last;
  }
}
