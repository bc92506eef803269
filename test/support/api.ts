import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { openAsBlob, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import assert from 'node:assert/strict';
import { basename, resolve } from 'node:path';
import { after } from 'node:test';
import { createOliverClient, ListProcessesQuery, OliverClient as Sdk, SubmitAudioQuery, SubmitUrlQuery } from '../../sdk/src';
import { publicMessagesShowingInsides, recordPublicMessages } from './public-messages';
import { waitFor } from './service';

// Whatever test file uses this client, every message it was shown is checked when the file is done.
after(() => assert.deepEqual(publicMessagesShowingInsides(), [], 'a message shown to a client shows the server\'s insides'));

export const CLI = resolve(__dirname, '../../src/cli.js');

/**
 * Runs the admin command line against a service's database; returns its JSON lines.
 * Asynchronous on purpose: a test that blocked its event loop for the seconds the command takes would
 * miss the server closing an idle keep-alive connection and then send its next request on it.
 */
export async function cli(env: Record<string, string>, ...args: string[]): Promise<any[]> {
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
  return stdout.trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
  ms: number;
}

/** Any request, sent as given; the answer in the shape the tests read. */
export async function call<T = any>(url: string, init?: RequestInit): Promise<ApiResponse<T>> {
  const started = performance.now();
  const response = await fetch(url, init);
  const body = parse(await response.text()) as T;
  recordPublicMessages(response.status, body);
  return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
}

export interface RawResponse {
  /** 0 when the connection closed without an answer. */
  status: number;
  body: any;
  /** Milliseconds from the first byte sent to the answer (or to the close when there was none). */
  answeredMs: number;
  /** Milliseconds from the first byte sent to the server closing the connection. */
  closedMs: number;
}

/**
 * Bytes written to the service as they are, for what fetch would refuse to
 * send: broken HTTP, a body shorter than declared, a client that trickles.
 * `write` may go on writing while the connection is open; the connection is
 * dropped after `timeoutMs`.
 */
export function rawHttp(url: string, head: string | Buffer, write?: (send: (bytes: string | Buffer) => void) => void, timeoutMs = 30_000): Promise<RawResponse> {
  const { hostname, port } = new URL(url);
  return new Promise((done) => {
    const started = performance.now();
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    let answeredMs: number | undefined;
    socket.on('data', (chunk: Buffer) => {
      answeredMs ??= performance.now() - started;
      chunks.push(chunk);
    });
    socket.on('error', () => undefined); // a reset is an answer too: none
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('close', () => {
      clearTimeout(timer);
      const closedMs = performance.now() - started;
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      done({ status, body: parse(split < 0 ? '' : text.slice(split + 4)), answeredMs: answeredMs ?? closedMs, closedMs });
    });
    socket.write(head);
    write?.((bytes) => {
      if (socket.writable) socket.write(bytes);
    });
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text; // not JSON: keep the text
  }
}

/** What the generated SDK answered, in the shape the tests read. */
async function viaSdk<T = any>(request: Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<ApiResponse<T>> {
  const started = performance.now();
  const { data, error, response } = await request;
  const body = (response.ok ? data : error) as T;
  recordPublicMessages(response.status, body);
  return { status: response.status, body, headers: response.headers, ms: performance.now() - started };
}

export const query = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)] as [string, string])).toString();

/**
 * A client of the contract, as an Oliver client would call it, with its
 * token. The contract's operations go through the SDK generated from
 * openapi/openapi.json, so a service that drifts from its document fails here.
 */
export class OliverClient {
  readonly sdk: Sdk;

  constructor(
    readonly baseUrl: string,
    readonly cid: number,
    readonly token: string,
  ) {
    this.sdk = createOliverClient({ baseUrl, token });
  }

  /** Creates a client with the command line and returns a client of the API speaking as it. */
  static async register(service: { url: string; env: Record<string, string> }, name = 'Test client'): Promise<OliverClient> {
    const [created] = await cli(service.env, 'client', 'create', '--name', name);
    return new OliverClient(service.url, created.cid, created.token);
  }

  private get auth() {
    return { 'X-Auth-Token': this.token };
  }

  async submitFile(path: string, params: Record<string, string | number | undefined>, options: { field?: string; filename?: string; rawQuery?: string } = {}) {
    const form = new FormData();
    form.append(options.field ?? 'file', await openAsBlob(path), options.filename ?? basename(path));
    return this.submitForm(form, params, options.rawQuery);
  }

  /** One multipart part written byte for byte with the given Content-Disposition, for what FormData would tidy up. */
  submitPart(path: string, disposition: string, params: Record<string, string | number | undefined>) {
    const boundary = 'raw-part-boundary';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: audio/wav\r\n\r\n`),
      readFileSync(path),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return call(`${this.baseUrl}/client/${this.cid}/process/audio?${query(params)}`, {
      method: 'POST',
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-auth-token': this.token },
      body,
    });
  }

  /** Parameters are sent as given, valid or not: the tests speak for clients that get them wrong. */
  submitForm(form: FormData, params: Record<string, string | number | undefined>, rawQuery?: string) {
    return viaSdk(
      this.sdk.POST('/client/{cid}/process/audio', {
        params: { path: { cid: this.cid }, query: params as unknown as SubmitAudioQuery },
        body: form as never,
        bodySerializer: () => form,
        querySerializer: () => rawQuery ?? query(params),
      }),
    );
  }

  submitUrl(params: Record<string, string | number | undefined>) {
    return viaSdk(
      this.sdk.POST('/client/{cid}/process/url', {
        params: { path: { cid: this.cid }, query: params as unknown as SubmitUrlQuery },
        querySerializer: () => query(params),
      }),
    );
  }

  /** Any path, for what the contract does not describe (or describes as wrong). */
  get(path: string, headers: Record<string, string> = this.auth) {
    return call(`${this.baseUrl}${path}`, { headers });
  }

  process(pid: number) {
    return viaSdk(this.sdk.GET('/client/{cid}/process/{pid}', { params: { path: { cid: this.cid, pid } } }));
  }

  result(pid: number) {
    return viaSdk(this.sdk.GET('/client/{cid}/process/{pid}/result', { params: { path: { cid: this.cid, pid } } }));
  }

  erase(pid: number) {
    return viaSdk(this.sdk.DELETE('/client/{cid}/process/{pid}', { params: { path: { cid: this.cid, pid } } }));
  }

  cancel(pid: number) {
    return viaSdk(this.sdk.POST('/client/{cid}/process/{pid}/cancel', { params: { path: { cid: this.cid, pid } } }));
  }

  reprocess(pid: number) {
    return viaSdk(this.sdk.POST('/client/{cid}/process/{pid}/reprocess', { params: { path: { cid: this.cid, pid } } }));
  }

  list(params: Record<string, string | number | undefined> = {}) {
    return viaSdk(
      this.sdk.GET('/client/{cid}/process', {
        params: { path: { cid: this.cid }, query: params as unknown as ListProcessesQuery },
        querySerializer: () => query(params),
      }),
    );
  }

  /**
   * Polls a process, as the official client does, until it settles (2 or -2).
   * On a timeout the error carries what `explain` returns (a worker's logs, say).
   */
  async settle(pid: number, timeoutMs = 30_000, explain?: () => string): Promise<any> {
    let last: any;
    try {
      await waitFor(async () => {
        last = (await this.process(pid)).body;
        return last.status === 2 || last.status === -2;
      }, timeoutMs);
    } catch (error) {
      if (!explain) throw error;
      throw new Error(`${(error as Error).message} waiting for process ${pid} (last seen: ${JSON.stringify(last)}); ${explain()}`, { cause: error });
    }
    return last;
  }
}
