import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { components, operations, paths } from './schema';

export type { components, operations, paths };
export type Process = components['schemas']['ProcessDto'];
export type ProcessResult = components['schemas']['ResultDto'];
export type ApiError = components['schemas']['ApiErrorDto'];
export type SubmitAudioQuery = operations['submitAudio']['parameters']['query'];
export type SubmitUrlQuery = operations['submitUrl']['parameters']['query'];
export type ListProcessesQuery = NonNullable<operations['listProcesses']['parameters']['query']>;

/** A client of the API: `GET`, `POST`, … on the contract's paths, typed from the OpenAPI document. */
export type OliverClient = Client<paths>;

export interface OliverClientOptions {
  /** Where the service listens, e.g. `http://localhost:3000`. */
  baseUrl: string;
  /** The client's token, sent as `X-Auth-Token` on every request. */
  token?: string;
  /** A fetch of your own (a proxy agent, retries, tests). */
  fetch?: typeof globalThis.fetch;
}

export function createOliverClient({ baseUrl, token, fetch }: OliverClientOptions): OliverClient {
  const client = createClient<paths>({ baseUrl, fetch });
  if (token) client.use(withToken(token));
  return client;
}

const withToken = (token: string): Middleware => ({
  onRequest({ request }) {
    request.headers.set('X-Auth-Token', token);
    return request;
  },
});

/**
 * The body serializer of multipart operations (`POST /client/{cid}/process/audio`):
 * `body: { file: new File([bytes], 'call.wav') }, bodySerializer: multipart`.
 * A File keeps its name, which the process echoes as `source`.
 */
export function multipart(body: Record<string, Blob | string>): FormData {
  const form = new FormData();
  for (const [field, value] of Object.entries(body)) form.append(field, value);
  return form;
}

/** Why waitForResult gave up: the API refused (`api`), the process ended at -2 (`failed`), or time ran out (`timeout`). */
export class OliverError extends Error {
  constructor(
    message: string,
    readonly kind: 'api' | 'failed' | 'timeout',
    /** The API's error body, when `kind` is `api`. */
    readonly body?: ApiError,
  ) {
    super(message);
    this.name = 'OliverError';
  }
}

export interface WaitOptions {
  /** Longest wait, in milliseconds; 10 minutes unless given. */
  timeoutMs?: number;
  /** Pause between two looks at the process, in milliseconds; 1000 unless given. */
  intervalMs?: number;
}

/**
 * Polls a process, as the official client does, until it settles, and
 * returns its results once it is completed (status 2). Throws an OliverError:
 * `failed` when it ends at -2 (with its statusmsg), `timeout` after
 * `timeoutMs`, `api` when the API answers with an error.
 */
export async function waitForResult(client: OliverClient, cid: number, pid: number, options: WaitOptions = {}): Promise<ProcessResult> {
  const timeoutMs = options.timeoutMs ?? 600_000;
  const intervalMs = options.intervalMs ?? 1000;
  const deadline = Date.now() + timeoutMs;
  const path = { cid, pid };
  for (;;) {
    const { data: process, error } = await client.GET('/client/{cid}/process/{pid}', { params: { path } });
    if (!process) throw new OliverError(`Process ${pid}: ${error?.code} ${error?.message}`, 'api', error);
    if (process.status === 2) {
      const { data: result, error: refused } = await client.GET('/client/{cid}/process/{pid}/result', { params: { path } });
      if (!result) throw new OliverError(`Result of process ${pid}: ${refused?.code} ${refused?.message}`, 'api', refused);
      return result;
    }
    if (process.status === -2) throw new OliverError(`Process ${pid} failed: ${process.statusmsg}`, 'failed');
    if (Date.now() + intervalMs > deadline) {
      throw new OliverError(`Process ${pid} did not finish within ${timeoutMs} ms (status ${process.status}, ${process.statusmsg})`, 'timeout');
    }
    await new Promise((wake) => setTimeout(wake, intervalMs));
  }
}
