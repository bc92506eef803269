import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { ApiError, badRequest, serviceUnavailable } from '../common/api-errors';
import { IdempotencyKeys } from '../store/idempotency-keys';
import { Environment } from '../config/environment';
import { presentProcess } from '../publish/present-process';
import type { ProcessDto } from '../publish/process.dto';
import { ProcessQueue } from '../queue/process-queue';
import { AudioStorage } from '../store/audio-storage';
import { ProcessMode } from '../store/process-status';
import { NewProcess, ProcessStore } from '../store/process-store';
import { AudioInspector } from '../validate/audio-inspector';
import { MultipartReceiver } from './multipart-receiver';
import type { SubmitQueryDto, SubmitUrlQueryDto } from '../validate/submit-query.dto';

/**
 * The rules of accepting a call: store it, record it, queue it, or leave
 * nothing behind. A 200 means the call is on disk, in the database and on
 * the queue.
 */
@Injectable()
export class SubmissionService {
  private readonly logger = new Logger(SubmissionService.name);

  constructor(
    private readonly receiver: MultipartReceiver,
    private readonly inspector: AudioInspector,
    private readonly storage: AudioStorage,
    private readonly store: ProcessStore,
    private readonly queue: ProcessQueue,
    private readonly idempotency: IdempotencyKeys,
    private readonly env: Environment,
  ) {}

  async submitUpload(cid: number, query: SubmitQueryDto, request: IncomingMessage, key?: string): Promise<ProcessDto> {
    const requestId = String(request.id);
    checkKey(key);
    const upload = await this.receiver.receive(request);
    let kept: string | undefined;
    try {
      const expected = { channels: query.channels, maxSeconds: this.env.MAX_CALL_SECONDS };
      const header = await this.inspector.inspectCall(upload.path, upload.head, upload.bytes, expected, 'uploaded');
      kept = await this.storage.keep(upload.path, header.extension);
      return await this.accept(
        {
          ...this.metadata(cid, query),
          mode: ProcessMode.Upload,
          source: upload.originalName,
          audioPath: kept,
          audioSha256: upload.sha256,
          audioBytes: upload.bytes,
          audioCodec: header.codec.slice(0, 64),
          sampleRate: header.sampleRate,
          headerDuration: header.duration ?? null,
        },
        kept,
        key === undefined ? undefined : { key, fingerprint: fingerprint('audio', query, upload.sha256) },
        requestId,
      );
    } finally {
      if (!kept) await this.storage.discard(upload.path);
    }
  }

  /** The worker downloads the audio; here the call is only recorded and queued. */
  submitUrl(cid: number, query: SubmitUrlQueryDto, requestId: string, key?: string): Promise<ProcessDto> {
    checkKey(key);
    return this.accept({
      ...this.metadata(cid, query),
      mode: ProcessMode.Url,
      source: query.url,
      audioPath: null,
      audioSha256: null,
      audioBytes: null,
      audioCodec: null,
      sampleRate: null,
      headerDuration: null,
    }, undefined, key === undefined ? undefined : { key, fingerprint: fingerprint('url', query) }, requestId);
  }

  private async accept(fields: NewProcess, storedAudio?: string, idempotent?: { key: string; fingerprint: string }, requestId?: string): Promise<ProcessDto> {
    if (idempotent) {
      const earlier = await this.claimKey(fields.cid, idempotent.key, idempotent.fingerprint);
      if (earlier) {
        await this.storage.discard(storedAudio);
        return earlier;
      }
    }
    try {
      const accepted = await this.insertAndQueue(fields, storedAudio, requestId);
      if (idempotent) await this.idempotency.settle(fields.cid, idempotent.key, accepted.pid);
      return accepted;
    } catch (error) {
      if (idempotent) await this.idempotency.release(fields.cid, idempotent.key).catch(() => undefined);
      throw error;
    }
  }

  /**
   * Claims an Idempotency-Key. Returns the process an earlier request with the
   * same key and the same request made (waiting for it if that request is
   * still being accepted), or undefined when this request is the first.
   */
  private async claimKey(cid: number, key: string, print: string): Promise<ProcessDto | undefined> {
    const deadline = Date.now() + KEY_WAIT_MS;
    for (;;) {
      let claim;
      try {
        claim = await this.idempotency.claim(cid, key, print);
      } catch (error) {
        this.logger.error(`Refused a submission: the database did not take its key (${(error as Error).message})`);
        throw serviceUnavailable();
      }
      if (claim.kind === 'claimed') return undefined;
      if (claim.kind === 'different') {
        throw new ApiError(HttpStatus.CONFLICT, `The Idempotency-Key ${JSON.stringify(key)} was already used with a different file or different parameters`);
      }
      if (claim.pid !== null) {
        const row = await this.store.find(claim.pid);
        if (row) return presentProcess(row);
      }
      if (Date.now() > deadline) {
        throw new ApiError(HttpStatus.CONFLICT, `A request with the Idempotency-Key ${JSON.stringify(key)} is still being accepted; retry shortly`, undefined, { 'Retry-After': '1' });
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async insertAndQueue(fields: NewProcess, storedAudio?: string, requestId?: string): Promise<ProcessDto> {
    let row;
    try {
      row = await this.store.insert(fields);
    } catch (error) {
      this.logger.error(`Refused a submission: the database did not take it (${(error as Error).message})`);
      await this.storage.discard(storedAudio);
      throw serviceUnavailable();
    }
    try {
      await this.queue.enqueue(row.pid, requestId);
    } catch (error) {
      this.logger.warn(`Refused process ${row.pid}: the queue did not take it (${(error as Error).message})`);
      await this.forget(row.pid, storedAudio);
      throw serviceUnavailable();
    }
    return presentProcess(row);
  }

  private async forget(pid: number, storedAudio?: string): Promise<void> {
    try {
      await this.store.delete(pid);
    } catch (error) {
      // The row stays; the reconciler will queue it once Redis is back.
      this.logger.error(`Could not remove refused process ${pid}: ${(error as Error).message}`);
      return;
    }
    await this.storage.discard(storedAudio);
  }

  private metadata(cid: number, query: SubmitQueryDto) {
    return {
      cid,
      channels: query.channels,
      calldirection: query.calldirection,
      agentChannel: query.agentChannel ?? this.env.DEFAULT_AGENT_CHANNEL,
      agentId: query.agentId ?? null,
      agentTeam: query.agentTeam ?? null,
      customerId: query.customerId ?? null,
      customerInd: query.customerInd ?? null,
      campaignId: query.campaignId ?? null,
      name: query.name ?? null,
      ANI: query.ANI ?? null,
      calltype: query.calltype ?? null,
      calltime: query.calltime ?? null,
      timezone: query.timezone ?? null,
      tag: query.tag ?? null,
      meta: query.meta ?? null,
      predictionmode: query.predictionmode ?? null,
      tasks: query.tasks ?? null,
    };
  }
}

/** How long a duplicate waits for the first request with its key to be accepted. */
const KEY_WAIT_MS = 10_000;

function checkKey(key: string | undefined): void {
  if (key !== undefined && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw badRequest('Idempotency-Key must be 1 to 255 visible ASCII characters', [{ field: 'Idempotency-Key', message: 'must be 1 to 255 visible ASCII characters' }]);
  }
}

/** What makes two submissions the same: the route, every parameter as understood, and the file's bytes. */
function fingerprint(route: string, query: object, sha256?: string): string {
  const parameters = Object.entries(query).filter(([, v]) => v !== undefined).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify({ route, parameters, sha256 })).digest('hex');
}
