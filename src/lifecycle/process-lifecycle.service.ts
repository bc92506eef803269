import { HttpStatus, Injectable, Logger } from '@nestjs/common';
import { ApiError, processGone, processNotFound, serviceUnavailable } from '../common/api-errors';
import { presentProcess } from '../publish/present-process';
import type { ProcessDto } from '../publish/process.dto';
import { ProcessQueue } from '../queue/process-queue';
import { AudioStorage } from '../store/audio-storage';
import { ProcessStatus } from '../store/process-status';
import { CANCELLED_MESSAGE, ProcessStore } from '../store/process-store';
import type { ProcessEntity } from '../store/process.entity';

/**
 * What a client may do to a process after submitting it: erase it, cancel
 * it, or have it analysed again. Each works through the database row, which
 * every worker on every node watches, so no node needs to be told directly.
 */
@Injectable()
export class ProcessLifecycle {
  private readonly logger = new Logger(ProcessLifecycle.name);

  constructor(
    private readonly store: ProcessStore,
    private readonly storage: AudioStorage,
    private readonly queue: ProcessQueue,
  ) {}

  /**
   * Erases a process: its result, its audio and its personal fields; the
   * row stays as a tombstone so the pid answers 410. A run in progress
   * stops at its next look at the row and writes nothing. Idempotent: a
   * repeated DELETE finishes what an interrupted one left (the audio).
   */
  async erase(cid: number, pid: number): Promise<void> {
    const erased = await this.withDatabase(() => this.store.erase(cid, pid));
    if (!erased) throw processNotFound(pid);
    // process.deleted was recorded with the erasure and is announced (the metrics count it).
    if (erased.erasedNow) await this.queue.withdraw(pid).catch(() => undefined);
    if (erased.audioPath) {
      // The row keeps the path until the file is gone, so a DELETE that fails here can be repeated.
      if (!(await this.storage.discard(erased.audioPath))) throw serviceUnavailable();
      await this.withDatabase(() => this.store.forgetAudio(pid, erased.audioPath!));
    }
    if (erased.erasedNow) this.logger.log(`Process ${pid} of client ${cid} erased`);
  }

  /** Pending, processing or failed for now → -2 "Cancelled". Cancelling a cancelled process again is no error. */
  async cancel(cid: number, pid: number): Promise<ProcessDto> {
    if (await this.withDatabase(() => this.store.cancel(cid, pid))) {
      await this.queue.withdraw(pid).catch(() => undefined);
      this.logger.log(`Process ${pid} of client ${cid} cancelled`);
      return presentProcess(await this.current(cid, pid));
    }
    const row = await this.current(cid, pid);
    if (row.status === ProcessStatus.Aborted && row.statusmsg === CANCELLED_MESSAGE) return presentProcess(row);
    throw new ApiError(HttpStatus.CONFLICT, `Process with pid ${pid} cannot be cancelled: it is already ${settledWord(row)}`);
  }

  /**
   * Queues a settled process whose audio is kept for another analysis: 0
   * again, its earlier result readable until the new one replaces it.
   */
  async reprocess(cid: number, pid: number, requestId: string): Promise<ProcessDto> {
    const row = await this.current(cid, pid);
    const refusal = `Process with pid ${pid} cannot be analysed again:`;
    if (row.status !== ProcessStatus.Completed && row.status !== ProcessStatus.Aborted) {
      throw new ApiError(HttpStatus.CONFLICT, `${refusal} it is still ${row.status === ProcessStatus.Processing ? 'processing' : 'waiting to be processed'}`);
    }
    if (!row.audioPath) {
      throw new ApiError(HttpStatus.CONFLICT, `${refusal} its audio is no longer kept`);
    }
    if (!(await this.queue.isReachable())) throw serviceUnavailable();
    if (await this.queue.isHeld(pid).catch(() => true)) {
      throw new ApiError(HttpStatus.CONFLICT, `${refusal} its last analysis is still stopping; try again in a few seconds`);
    }
    if (!(await this.withDatabase(() => this.store.requeue(cid, pid)))) {
      throw new ApiError(HttpStatus.CONFLICT, `${refusal} it changed meanwhile`);
    }
    // As it was queued: a worker may take it the moment it is.
    const queued = await this.current(cid, pid);
    try {
      await this.queue.requeue(pid, requestId);
    } catch (error) {
      // Accepted all the same: the reconciler queues a pending process that has no job.
      this.logger.warn(`Process ${pid} set to analyse again without its job, which the reconciler will queue: ${(error as Error).message}`);
    }
    return presentProcess(queued);
  }

  /** The client's process as it is now: 404 when it never was, 410 once erased. */
  private async current(cid: number, pid: number): Promise<ProcessEntity> {
    const row = await this.withDatabase(() => this.store.findForClient(cid, pid));
    if (!row) throw processNotFound(pid);
    if (row.deletedAt !== null) throw processGone(pid);
    return row;
  }

  /** A database that fails answers 503, its cause only in the log. */
  private async withDatabase<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.error(`The database did not answer: ${(error as Error).message}`);
      throw serviceUnavailable();
    }
  }
}

const settledWord = (row: ProcessEntity) => (row.status === ProcessStatus.Completed ? 'completed' : `aborted (${row.statusmsg})`);
