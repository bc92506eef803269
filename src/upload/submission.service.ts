import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { ApiError, badRequest, processGone, serviceUnavailable } from '../common/api-errors';
import { Environment } from '../config/environment';
import { presentProcess } from '../publish/present-process';
import type { ProcessDto } from '../publish/process.dto';
import { ProcessQueue } from '../queue/process-queue';
import { AudioStorage } from '../store/audio-storage';
import { ProcessMode } from '../store/process-status';
import { NewProcess, ProcessStore } from '../store/process-store';
import { KeyClaim, ListedAudio, SubmissionRecords } from '../store/submission-records';
import { UnrecordedAudio } from '../store/unrecorded-audio';
import type { LocalCopy } from '../store/audio-store';
import { AudioHeader, AudioInspector, CallExpectation, expectedSeconds } from '../validate/audio-inspector';
import { MultipartReceiver, ReceivedUpload } from './multipart-receiver';
import type { SubmitQueryDto, SubmitUrlQueryDto } from '../validate/submit-query.dto';

/**
 * The rules of accepting a call: store it, record it, queue it, or leave
 * nothing behind. A 200 means the call is in the audio store and committed in the
 * database, and its job is in Redis (or, when Redis refused it and the row
 * could not be withdrawn, the reconciler will queue it).
 *
 * The order is what makes a crash at any moment safe: the recording's path
 * is listed as unrecorded before the upload is moved there (a rename on the
 * disk, a copy and a delete in a bucket); the row, the
 * Idempotency-Key with its pid, and the path's removal from that list are one
 * transaction; the job is queued only after it commits. A request that dies
 * before the commit leaves a listed file the sweep removes; one that dies
 * after it leaves a complete process the reconciler queues and a retry with
 * the same key finds.
 */
@Injectable()
export class SubmissionService {
  private readonly logger = new Logger(SubmissionService.name);

  constructor(
    private readonly receiver: MultipartReceiver,
    private readonly inspector: AudioInspector,
    private readonly storage: AudioStorage,
    private readonly unrecorded: UnrecordedAudio,
    private readonly records: SubmissionRecords,
    private readonly store: ProcessStore,
    private readonly queue: ProcessQueue,
    private readonly env: Environment,
  ) {}

  async submitUpload(cid: number, query: SubmitQueryDto, request: IncomingMessage, key?: string): Promise<ProcessDto> {
    const requestId = String(request.id);
    checkKey(key);
    const upload = await this.receiver.receive(request);
    let kept = false;
    try {
      const expected = { channels: query.channels, maxSeconds: this.env.MAX_CALL_SECONDS };
      const header = await this.inspect(upload, expected);
      const audio = await this.keep(upload.key, header.extension);
      kept = true;
      return await this.accept(
        {
          ...this.metadata(cid, query),
          mode: ProcessMode.Upload,
          source: upload.originalName,
          audioPath: audio.path,
          audioSha256: upload.sha256,
          audioBytes: upload.bytes,
          audioCodec: header.codec.slice(0, 64),
          sampleRate: header.sampleRate,
          headerDuration: expectedSeconds(header),
        },
        key === undefined ? undefined : { key, fingerprint: fingerprint('audio', query, upload.sha256) },
        requestId,
        audio,
      );
    } finally {
      if (!kept) await this.storage.discard(upload.key);
    }
  }

  /** Checks an upload; a prober that needs the whole file gets a local copy, removed afterwards. */
  private async inspect(upload: ReceivedUpload, expected: CallExpectation): Promise<AudioHeader> {
    let copy: Promise<LocalCopy> | undefined;
    const localPath = async () => (await (copy ??= this.storage.materialise(upload.key))).path;
    try {
      return await this.inspector.inspectCall(localPath, upload.head, upload.bytes, expected, 'uploaded');
    } finally {
      if (copy) await copy.then((c) => c.release(), () => undefined);
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
    }, key === undefined ? undefined : { key, fingerprint: fingerprint('url', query) }, requestId);
  }

  /** Lists the upload's stored path as unrecorded, then moves the upload there. */
  private async keep(incoming: string, extension: string): Promise<ListedAudio> {
    const path = this.storage.storedPath(extension);
    let since;
    try {
      since = await this.unrecorded.announce(path);
    } catch (error) {
      throw this.databaseRefused(error);
    }
    try {
      await this.storage.keep(incoming, path);
    } catch (error) {
      await this.giveUp({ path, since });
      throw error;
    }
    return { path, since };
  }

  private async accept(fields: NewProcess, claim?: KeyClaim, requestId?: string, audio?: ListedAudio): Promise<ProcessDto> {
    let outcome;
    try {
      outcome = await this.records.record(fields, claim, audio);
    } catch (error) {
      await this.giveUp(audio);
      throw this.databaseRefused(error);
    }
    if (outcome.kind !== 'recorded') {
      await this.giveUp(audio);
      if (outcome.kind === 'different') {
        throw new ApiError(HttpStatus.CONFLICT, `The Idempotency-Key ${JSON.stringify(claim!.key)} was already used with a different file or different parameters`);
      }
      return this.earlier(outcome.pid);
    }
    const { row } = outcome;
    try {
      await this.queue.enqueue(row.pid, requestId);
    } catch (error) {
      this.logger.warn(`Refusing process ${row.pid}: the queue did not take it (${(error as Error).message})`);
      try {
        await this.records.withdraw(row.pid, row.cid, claim, audio?.path);
      } catch (withdrawError) {
        // Committed and impossible to take back: the call is accepted, and the reconciler queues it once Redis answers.
        this.logger.warn(`Accepted process ${row.pid} without its job, which the reconciler will queue: it could not be withdrawn (${(withdrawError as Error).message})`);
        return presentProcess(row);
      }
      throw serviceUnavailable();
    }
    return presentProcess(row);
  }

  /** The 503 for a submission the database did not take; the cause goes to the log only. */
  private databaseRefused(error: unknown): ApiError {
    this.logger.error(`Refused a submission: the database did not take it (${(error as Error).message})`);
    return serviceUnavailable();
  }

  /** The process an earlier request with the same key made, as it is now. */
  private async earlier(pid: number): Promise<ProcessDto> {
    let row;
    try {
      row = await this.store.find(pid);
    } catch (error) {
      this.logger.error(`Could not read the process of a repeated Idempotency-Key (${(error as Error).message})`);
      throw serviceUnavailable();
    }
    if (!row) throw serviceUnavailable(); // withdrawn this very moment: a retry records the call anew
    if (row.deletedAt !== null) throw processGone(pid); // erased since: the retry does not bring it back
    return presentProcess(row);
  }

  /**
   * Removes a refused request's recording, unless its row was committed after
   * all (a commit whose answer was lost). When the database cannot say, the
   * file stays listed and the sweep removes it.
   */
  private async giveUp(audio?: ListedAudio): Promise<void> {
    if (!audio) return;
    try {
      await this.unrecorded.remove(audio.path, audio.since);
    } catch (error) {
      this.logger.warn(`Left ${audio.path} to the sweep of unrecorded audio: ${(error as Error).message}`);
    }
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
