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
