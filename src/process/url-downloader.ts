import { Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { get as httpGet, IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CallFault, isDiskFull } from '../common/unavailable';
import { Environment } from '../config/environment';
import { AddressPolicy, writtenHost } from './address-policy';
import { PermanentFailure, TransientFailure } from './analysis-runner';

const MAX_REDIRECTS = 3;

/**
 * getaddrinfo's answer that the host name does not exist (EAI_NONAME, and
 * EAI_NODATA: a name with no address), which Node reports as ENOTFOUND.
 * Asking again will not change it, unlike EAI_AGAIN (the resolver could not
 * answer for now).
 */
const HOST_NOT_FOUND = 'ENOTFOUND';

/**
 * What a broken download means for the call: a host name that does not
 * exist is permanent; a timeout and other network errors (refused, reset,
 * a resolver that cannot answer for now) are worth retrying. The system's
 * error code (ECONNREFUSED…) says enough: its text can name hosts and
 * addresses.
 */
export function downloadFailure(error: NodeJS.ErrnoException, timedOut: boolean): PermanentFailure | TransientFailure {
  if (timedOut) return new TransientFailure('Download failed: it took longer than the time limit', { reason: 'timeout', cause: error });
  if (error.code === HOST_NOT_FOUND) return new PermanentFailure("Download failed: the recording's host name does not resolve", { reason: 'host_not_found', cause: error });
  return new TransientFailure(`Download failed: ${error.code ?? 'the transfer broke off'}`, { reason: 'download_failed', cause: error });
}

/** A connection the address policy does not allow. */
class RefusedAddress extends PermanentFailure {
  constructor(message: string) {
    super(message, { reason: 'download_refused' });
  }
}

/**
 * Fetches the audio of a URL submission to a file, within a size and a time
 * limit, connecting only to addresses the policy allows: the check runs on
 * the very addresses the connection uses (so a DNS answer cannot change in
 * between), for the first URL and after every redirect. Client errors and
 * host names that do not exist are permanent; other network errors and 5xx
 * are worth retrying. Every failure but a
 * full disk of ours is the call's own (a CallFault).
 */
@Injectable()
export class UrlDownloader {
  private readonly policy: AddressPolicy;

  constructor(private readonly env: Environment) {
    this.policy = AddressPolicy.fromSetting(env.URL_ALLOWED_NETWORKS);
  }

  /** dns.lookup refusing answers the policy does not allow; `host` as written names it in a refusal. */
  private checkedLookup(host: string): LookupFunction {
    return this.policy.checkedLookup((reason) => new RefusedAddress(`Download refused: ${reason}`), host);
  }

  /**
   * Saves `source` to `target` and returns its size in bytes. URL_TIMEOUT_MS
   * bounds the whole download, from the name lookup and the connection on,
   * across redirects: a server that trickles its headers or its body is cut
   * off as surely as one that sends nothing. `stop` ends the download early;
   * the promise then rejects.
   */
  async download(source: string, target: string, stop?: AbortSignal): Promise<number> {
    const timeout = AbortSignal.timeout(this.env.URL_TIMEOUT_MS);
    const signal = stop ? AbortSignal.any([timeout, stop]) : timeout;
    try {
      return await this.fetchTo(new URL(source), source, target, signal);
    } catch (error) {
      // A full disk of ours is not the call's fault.
      if (error instanceof CallFault || isDiskFull(error)) throw error;
      throw downloadFailure(error as NodeJS.ErrnoException, timeout.aborted && !stop?.aborted);
    }
  }

  /** @param written the URL's text as the client (or a redirect's Location) wrote it, for refusals */
  private async fetchTo(first: URL, written: string, target: string, signal: AbortSignal): Promise<number> {
    let url = first;
    for (let hop = 0; ; hop++) {
      const response = await this.request(url, writtenHost(written, url), signal);
      const location = response.headers.location;
      if (response.statusCode && response.statusCode >= 300 && response.statusCode < 400 && location) {
        response.resume();
        if (hop >= MAX_REDIRECTS) throw new PermanentFailure(`Download failed: more than ${MAX_REDIRECTS} redirects`, { reason: 'download_failed' });
        url = new URL(location, url);
        written = location;
        continue;
      }
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        response.resume();
        const message = `Download failed: the server answered HTTP ${status}`;
        throw status >= 500 || status === 429 ? new TransientFailure(message, { reason: 'download_failed' }) : new PermanentFailure(message, { reason: 'download_failed' });
      }
      return this.save(response, target, signal);
    }
  }

  /** @param host the URL's host as written, named in a refusal */
  private request(url: URL, host: string, signal: AbortSignal): Promise<IncomingMessage> {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(
        new PermanentFailure(`Download refused: only http and https URLs are downloaded, not ${url.protocol.replace(/:$/, '')}`, { reason: 'download_refused' }),
      );
    }
    // An address written in the URL is never looked up, so it is checked here.
    const literal = this.policy.literalRefusal(url, host);
    if (literal) return Promise.reject(new RefusedAddress(`Download refused: ${literal}`));
    const get = url.protocol === 'https:' ? httpsGet : httpGet;
    return new Promise((resolve, reject) => {
      get(url, { lookup: this.checkedLookup(host), signal }, resolve).on('error', reject);
    });
  }

  private async save(response: IncomingMessage, target: string, signal: AbortSignal): Promise<number> {
    const limit = this.env.URL_MAX_BYTES;
    if (Number(response.headers['content-length']) > limit) {
      response.destroy();
      throw new PermanentFailure(`Download refused: the file is larger than the limit of ${limit} bytes`, { reason: 'download_refused' });
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new PermanentFailure(`Download refused: the file is larger than the limit of ${limit} bytes`, { reason: 'download_refused' }));
        else done(null, chunk);
      },
    });
    await pipeline(response, counter, createWriteStream(target), { signal });
    if (bytes === 0) throw new PermanentFailure('Download failed: the server sent an empty file', { reason: 'download_failed' });
    return bytes;
  }
}
