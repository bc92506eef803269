import { openAsBlob } from 'node:fs';
import { basename } from 'node:path';
import { waitFor } from './service';

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

/** A thin client of the contract, as an Oliver client would call it. */
export class OliverClient {
  constructor(readonly baseUrl: string, readonly cid = 7) {}

  async submitFile(path: string, params: Record<string, string | number | undefined>, options: { field?: string; filename?: string; rawQuery?: string } = {}) {
    const form = new FormData();
    form.append(options.field ?? 'file', await openAsBlob(path), options.filename ?? basename(path));
    const search = options.rawQuery ?? query(params);
    return call(`${this.baseUrl}/client/${this.cid}/process/audio?${search}`, { method: 'POST', body: form });
  }

  submitForm(form: FormData, params: Record<string, string | number | undefined>) {
    return call(`${this.baseUrl}/client/${this.cid}/process/audio?${query(params)}`, { method: 'POST', body: form });
  }

  submitUrl(params: Record<string, string | number | undefined>) {
    return call(`${this.baseUrl}/client/${this.cid}/process/url?${query(params)}`, { method: 'POST' });
  }

  get(path: string) {
    return call(`${this.baseUrl}${path}`);
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
