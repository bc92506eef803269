import { Injectable } from '@nestjs/common';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Environment } from '../config/environment';
import { PermanentFailure } from './analysis-runner';

const MAX_REDIRECTS = 3;

/**
 * Fetches the audio of a URL submission to a file, within a size and a time
 * limit. Client errors (4xx, bad redirects, too large) are permanent; network
 * errors and 5xx are worth retrying.
 */
@Injectable()
export class UrlDownloader {
  constructor(private readonly env: Environment) {}

  async download(source: string, target: string): Promise<number> {
    const signal = AbortSignal.timeout(this.env.URL_TIMEOUT_MS);
    let url = new URL(source);
    for (let hop = 0; ; hop++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new PermanentFailure(`Download refused: ${url.protocol} addresses are not allowed`);
      let response: Response;
      try {
        response = await fetch(url, { redirect: 'manual', signal });
      } catch (error) {
        throw new Error(`Download failed: ${describe(error)}`);
      }
      if (response.status >= 300 && response.status < 400 && response.headers.get('location')) {
        await response.body?.cancel();
        if (hop >= MAX_REDIRECTS) throw new PermanentFailure(`Download failed: more than ${MAX_REDIRECTS} redirects`);
        url = new URL(response.headers.get('location')!, url);
        continue;
      }
      if (!response.ok || !response.body) {
        await response.body?.cancel();
        const message = `Download failed: the server answered HTTP ${response.status}`;
        throw response.status >= 500 || response.status === 429 ? new Error(message) : new PermanentFailure(message);
      }
      return this.save(response, target, signal);
    }
  }

  private async save(response: Response, target: string, signal: AbortSignal): Promise<number> {
    const limit = this.env.URL_MAX_BYTES;
    if (Number(response.headers.get('content-length')) > limit) {
      await response.body!.cancel();
      throw new PermanentFailure(`Download refused: the file is larger than the limit of ${limit} bytes`);
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        if (bytes > limit) done(new PermanentFailure(`Download refused: the file is larger than the limit of ${limit} bytes`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(Readable.fromWeb(response.body! as never), counter, createWriteStream(target), { signal });
    } catch (error) {
      if (error instanceof PermanentFailure) throw error;
      throw new Error(`Download failed: ${describe(error)}`);
    }
    if (bytes === 0) throw new PermanentFailure('Download failed: the server sent an empty file');
    return bytes;
  }
}

function describe(error: unknown): string {
  const err = error as Error & { cause?: Error & { code?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'it took longer than the time limit';
  return err.cause?.code ?? err.cause?.message ?? err.message;
}
