import { Injectable, Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Job } from 'bull';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeCauses, DomainError } from '../common/domain-error';
import { isInfrastructureFault } from '../common/unavailable';
import { Environment } from '../config/environment';
import { AnalyseJobData, JobHandedBack } from '../queue/queue.constants';
import { putBackUntouched } from '../queue/process-queue';
import type { LocalCopy } from '../store/audio-store';
import { AudioStorage } from '../store/audio-storage';
import { Deployment } from '../store/deployment';
import { ProcessMode, ProcessStatus } from '../store/process-status';
import { ProcessStore } from '../store/process-store';
import type { ProcessEntity } from '../store/process.entity';
import { countsPausesAsFrames } from '../analysis/amr-storage';
import { AudioInspector, expectedSeconds } from '../validate/audio-inspector';
import { Metrics } from '../status/metrics';
import { AnalysisRunner, PermanentFailure, TransientFailure } from './analysis-runner';
import { failureReason } from './failure-reason';
import { UrlDownloader } from './url-downloader';

const PROGRESS_STEP = 5;
/** The shortest and the longest wait between two tries of a job held up by an outage of ours. */
const OUTAGE_RETRY_MIN_MS = 100;
const OUTAGE_RETRY_MAX_MS = 10_000;

/**
 * The life of one job: 0 → 1 → 2, or -1 and a retry with backoff, or -2
 * with the reason when retrying cannot help or the attempts are spent.
 * Only the call's own faults spend its JOB_ATTEMPTS: when the database,
 * Redis or our disk fails, the job stays in hand and is tried again from
 * the start, JOB_BACKOFF_MS later and then twice as long each time (up to
 * OUTAGE_RETRY_MAX_MS), for as long as the outage lasts or until the worker
 * stops (the job then goes back to the queue).
 */
@Injectable()
export class CallProcessor {
  private readonly logger = new Logger(CallProcessor.name);
  private readonly stopping = new AbortController();

  constructor(
    private readonly store: ProcessStore,
    private readonly storage: AudioStorage,
    private readonly runner: AnalysisRunner,
    private readonly downloader: UrlDownloader,
    private readonly inspector: AudioInspector,
    private readonly metrics: Metrics,
    private readonly deployment: Deployment,
    private readonly pino: PinoLogger,
    private readonly env: Environment,
  ) {}

  /** Stops the jobs in hand; each goes back to the queue for another worker. */
  handBack(): void {
    this.stopping.abort();
  }

  /** Every log line of the job carries the process's pid and the id of the request that submitted it. */
  process(job: Job<AnalyseJobData>): Promise<void> {
    return this.pino.runInContext(() => this.handle(job), { bindings: { requestId: job.data?.requestId, processPid: job.data?.pid } });
  }

  private async handle(job: Job<AnalyseJobData>): Promise<void> {
    const from = job.data?.deployment;
    if (from !== undefined && from !== this.deployment.id) {
      await putBackUntouched(job);
      this.logger.error(
        `Job ${job.id} belongs to deployment ${from}, not to this worker's deployment ${this.deployment.id}: put back untouched. ` +
          'Two deployments share one Redis and QUEUE_PREFIX; give each a QUEUE_PREFIX of its own',
      );
      return;
    }
    this.metrics.observeQueueWait(job);
    const pid = job.data?.pid;
    if (!Number.isSafeInteger(pid) || pid < 1) {
      this.logger.error(`Dropped job ${job.id}: its payload has no valid pid (${JSON.stringify(job.data)})`);
      return;
    }
    for (let outages = 0; ; outages++) {
      try {
        return await this.attempt(job, pid);
      } catch (error) {
        if (!isInfrastructureFault(error)) throw error;
        if (!this.stopping.signal.aborted) {
          const wait = Math.min(Math.max(this.env.JOB_BACKOFF_MS, OUTAGE_RETRY_MIN_MS) * 2 ** outages, OUTAGE_RETRY_MAX_MS);
          this.metrics.failures.inc({ outcome: 'outage', reason: failureReason(error, true) });
          this.logger.warn(`Process ${pid} held up by an outage, trying again in ${wait} ms without spending an attempt: ${(error as Error).message}`);
          await sleep(wait, undefined, { signal: this.stopping.signal }).catch(() => undefined);
        }
        if (this.stopping.signal.aborted) return this.settleFailure(job, pid, new JobHandedBack());
      }
    }
  }

  /** One try of the job; an outage of ours is thrown as it is, for handle() to wait out. */
  private async attempt(job: Job<AnalyseJobData>, pid: number): Promise<void> {
    const row = await this.store.find(pid);
    if (!row) {
      // A submission refused after it was queued, or a row removed by hand.
      this.logger.warn(`Dropped job ${job.id}: process ${pid} is not in this deployment's database (${this.deployment.id})`);
      return;
    }
    // A process already settled: nothing to do.
    if (row.status === ProcessStatus.Completed || row.status === ProcessStatus.Aborted) return;
    // The first try notes when the job was queued (Bull's timestamp, plus any delay it was added with).
    const queuedAt = job.attemptsMade === 0 ? job.timestamp + (job.opts.delay ?? 0) : undefined;
    const run = await this.store.markProcessing(row, queuedAt);
    if (run === null) return;

    let downloaded: string | undefined;
    let copy: LocalCopy | undefined;
    const stopTimer = this.metrics.processingDuration.startTimer();
    // Cancel and DELETE may come through any API node: the row says so, and the run stops at its next look.
    const withdrawn = this.watchWithdrawal(pid, run);
    const stop = AbortSignal.any([this.stopping.signal, withdrawn.signal]);
    try {
      let file: string;
      let expectedSeconds = row.headerDuration;
      let codec = row.audioCodec;
      if (row.mode === ProcessMode.Url) {
        downloaded = await this.storage.downloadPath(pid);
        ({ expectedSeconds, codec } = await this.fetch(row, run, downloaded, stop));
        file = downloaded;
      } else {
        // Only the decoder reads a path: a recording in an object store is copied to the disk for it.
        copy = await this.storage.materialise(row.audioPath!).catch((error: NodeJS.ErrnoException) => {
          throw error.code === 'ENOENT' ? new PermanentFailure('The audio of this call is no longer stored', { reason: 'audio_missing', cause: error }) : error;
        });
        file = copy.path;
      }
      const outcome = await this.runner.run(
        {
          file,
          channels: row.channels as 1 | 2,
          agentChannel: row.agentChannel as 0 | 1,
          padToSeconds: countsPausesAsFrames(codec) ? (expectedSeconds ?? undefined) : undefined,
        },
        this.progressReporter(job, pid, run, expectedSeconds),
        stop,
        // History only: the analysis goes on whether or not this is written.
        () => void this.store.noteStep(pid, 'process.decoded').catch((error: Error) => this.logger.warn(`Process ${pid} decoded; its history misses it: ${error.message}`)),
      );
      const analysedAt = Date.now();
      const written = await this.store.complete(pid, run, Math.round(outcome.seconds * 1000) / 1000, { analysis: outcome.result, analysisVersion: outcome.analysisVersion }, analysedAt);
      if (!written) {
        this.logger.warn(`Process ${pid} was cancelled or deleted while it was analysed: its result was not written`);
        return;
      }
      const elapsed = stopTimer();
      this.logger.log(`Process ${pid} complete: ${outcome.seconds.toFixed(1)} s of audio in ${elapsed.toFixed(2)} s`);
    } catch (error) {
      // A DELETE may remove the file before the watcher's next look: the failure is then the erasure's doing.
      if (withdrawn.signal.aborted || !(await this.store.isRunning(pid, run).catch(() => true))) {
        this.logger.warn(`Process ${pid} was cancelled or deleted while it was analysed: the analysis was stopped and wrote nothing`);
        return;
      }
      // Whatever broke while the worker was stopping, the next worker gets a fair try.
      const handedBack = this.stopping.signal.aborted && !isPermanent(error);
      if (!handedBack && isInfrastructureFault(error)) throw error;
      await this.settleFailure(job, pid, handedBack ? new JobHandedBack() : (error as Error), run);
    } finally {
      withdrawn.end();
      if (downloaded) await this.storage.discard(downloaded);
      await copy?.release();
    }
  }

  /** Downloads a URL submission and checks it as an upload is checked; returns its header duration and codec. */
  private async fetch(row: ProcessEntity, run: number, target: string, stop: AbortSignal): Promise<{ expectedSeconds: number | null; codec: string }> {
    const bytes = await this.downloader.download(row.source, target, stop);
    const handle = await open(target, 'r');
    const head = Buffer.alloc(Math.min(bytes, 64 * 1024));
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    const expected = { channels: row.channels, maxSeconds: this.env.MAX_CALL_SECONDS };
    const header = await this.inspector.inspectCall(target, head, bytes, expected, 'downloaded');
    await this.store.setHeader(row.pid, run, {
      audioCodec: header.codec.slice(0, 64),
      sampleRate: header.sampleRate,
      headerDuration: expectedSeconds(header),
      audioBytes: bytes,
      audioSha256: null,
    });
    return { expectedSeconds: expectedSeconds(header), codec: header.codec };
  }

  /** `run`: the run that failed, when it had started; a run no longer current changes nothing. */
  private async settleFailure(job: Job<AnalyseJobData>, pid: number, error: Error, run?: number): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    if (error instanceof JobHandedBack) {
      this.logger.warn(`Process ${pid} handed back to the queue: this worker is stopping`);
      // Best effort: the next worker sets the status anew, and the job must go back even while the database is away.
      await this.store.handBack(pid, run).catch((failure: Error) => this.logger.warn(`Process ${pid} left at its status: ${failure.message}`));
      // Not a failed attempt: even a job on its last attempt goes back to the queue.
      job.opts.attempts = Math.max(attempts, job.attemptsMade + 2);
      throw error;
    }
    const reason = statusMessageOf(error);
    if (isPermanent(error)) {
      this.metrics.failures.inc({ outcome: 'aborted', reason: failureReason(error) });
      this.logger.warn(`Process ${pid} aborted: ${describeCauses(error)}`);
      await this.store.abort(pid, reason, run);
      return;
    }
    const last = job.attemptsMade + 1 >= attempts;
    this.metrics.failures.inc({ outcome: last ? 'attempts-exhausted' : 'retried', reason: failureReason(error) });
    if (last) {
      this.logger.error(`Process ${pid} aborted after ${attempts} attempts: ${describeCauses(error)}`);
      await this.store.abort(pid, `Processing failed after ${attempts} attempts: ${reason}`, run);
    } else {
      this.logger.warn(`Process ${pid} failed (attempt ${job.attemptsMade + 1} of ${attempts}), will retry: ${describeCauses(error)}`);
      await this.store.failForNow(pid, `${reason} (attempt ${job.attemptsMade + 1} of ${attempts}; retrying)`, run);
    }
    throw error;
  }

  /**
   * Aborts its signal once run `run` is no longer the one processing the
   * process (cancelled, deleted), looking every CANCEL_CHECK_INTERVAL_MS;
   * a look that fails (an outage) is simply tried again at the next tick.
   */
  private watchWithdrawal(pid: number, run: number): { signal: AbortSignal; end(): void } {
    const withdrawn = new AbortController();
    let looking = false;
    const timer = setInterval(() => {
      if (looking) return;
      looking = true;
      this.store
        .isRunning(pid, run)
        .then((running) => {
          if (!running) withdrawn.abort();
        })
        .catch(() => undefined)
        .finally(() => {
          looking = false;
        });
    }, this.env.CANCEL_CHECK_INTERVAL_MS);
    timer.unref();
    return { signal: withdrawn.signal, end: () => clearInterval(timer) };
  }

  private progressReporter(job: Job<AnalyseJobData>, pid: number, run: number, expectedSeconds: number | null) {
    let reported = 0;
    return (seconds: number) => {
      if (!expectedSeconds || expectedSeconds <= 0) return;
      const percent = Math.min(99, Math.floor((100 * seconds) / expectedSeconds));
      if (percent < reported + PROGRESS_STEP) return;
      reported = percent;
      void job.progress(percent).catch(() => undefined);
      void this.store.setProgress(pid, run, percent).catch(() => undefined);
    };
  }
}

/** Refusals of the call itself: retrying cannot mend them. */
const isPermanent = (error: unknown) => error instanceof DomainError || error instanceof PermanentFailure;

/**
 * What a process's `statusmsg` says about a failure: our own words for the
 * failures we know; anything else (library text that may name paths, hosts
 * or memory addresses) is only logged.
 */
export function statusMessageOf(error: unknown): string {
  if (error instanceof DomainError || error instanceof PermanentFailure || error instanceof TransientFailure) return error.message;
  return 'the worker met an internal error';
}
