import { Injectable, Logger } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import type { Job } from 'bull';
import { open } from 'node:fs/promises';
import { ApiError } from '../common/api-errors';
import { AnalyseJobData, JobHandedBack } from '../queue/queue.constants';
import { putBackUntouched } from '../queue/process-queue';
import { AudioStorage } from '../store/audio-storage';
import { Deployment } from '../store/deployment';
import { ProcessMode, ProcessStatus } from '../store/process-status';
import { ProcessStore } from '../store/process-store';
import type { ProcessEntity } from '../store/process.entity';
import { AudioInspector } from '../validate/audio-inspector';
import { Metrics } from '../status/metrics';
import { AnalysisRunner, PermanentFailure } from './analysis-runner';
import { UrlDownloader } from './url-downloader';

const PROGRESS_STEP = 5;

/**
 * The life of one job: 0 → 1 → 2, or -1 and a retry with backoff, or -2
 * with the reason when retrying cannot help or the attempts are spent.
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
    const row = await this.store.find(pid);
    if (!row) {
      // A submission refused after it was queued, or a row removed by hand.
      this.logger.warn(`Dropped job ${job.id}: process ${pid} is not in this deployment's database (${this.deployment.id})`);
      return;
    }
    // A process already settled: nothing to do.
    if (row.status === ProcessStatus.Completed || row.status === ProcessStatus.Aborted) return;
    if (!(await this.store.markProcessing(pid))) return;

    let downloaded: string | undefined;
    const stopTimer = this.metrics.processingDuration.startTimer();
    try {
      let file: string;
      let expectedSeconds = row.headerDuration;
      if (row.mode === ProcessMode.Url) {
        downloaded = await this.storage.downloadPath(pid);
        expectedSeconds = await this.fetch(row, downloaded, this.stopping.signal);
        file = downloaded;
      } else {
        file = this.storage.resolve(row.audioPath!);
      }
      const outcome = await this.runner.run(
        { file, channels: row.channels as 1 | 2, agentChannel: row.agentChannel as 0 | 1 },
        this.progressReporter(job, pid, expectedSeconds),
        this.stopping.signal,
      );
      await this.store.complete(pid, Math.round(outcome.seconds * 1000) / 1000, outcome.result);
      const elapsed = stopTimer();
      this.logger.log(`Process ${pid} complete: ${outcome.seconds.toFixed(1)} s of audio in ${elapsed.toFixed(2)} s`);
      this.metrics.audioSeconds.inc(outcome.seconds);
    } catch (error) {
      // Whatever broke while the worker was stopping, the next worker gets a fair try.
      const handedBack = this.stopping.signal.aborted && !(error instanceof PermanentFailure);
      await this.settleFailure(job, pid, handedBack ? new JobHandedBack() : (error as Error));
    } finally {
      if (downloaded) await this.storage.discard(downloaded);
    }
  }

  /** Downloads a URL submission and checks it as an upload is checked; returns its header duration. */
  private async fetch(row: ProcessEntity, target: string, stop: AbortSignal): Promise<number | null> {
    const bytes = await this.downloader.download(row.source, target, stop);
    const handle = await open(target, 'r');
    const head = Buffer.alloc(Math.min(bytes, 64 * 1024));
    try {
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
    try {
      const header = await this.inspector.inspect(target, head, bytes);
      if (header.channels !== row.channels) {
        throw new PermanentFailure(`channels is ${row.channels} but the file has ${header.channels} channel${header.channels === 1 ? '' : 's'}`);
      }
      await this.store.setHeader(row.pid, {
        audioCodec: header.codec.slice(0, 64),
        sampleRate: header.sampleRate,
        headerDuration: header.duration ?? null,
        audioBytes: bytes,
        audioSha256: null,
      });
      return header.duration ?? null;
    } catch (error) {
      if (error instanceof ApiError) throw new PermanentFailure(error.message.replace('The uploaded file', 'The downloaded file'));
      throw error;
    }
  }

  private async settleFailure(job: Job<AnalyseJobData>, pid: number, error: Error): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    if (error instanceof JobHandedBack) {
      this.logger.warn(`Process ${pid} handed back to the queue: this worker is stopping`);
      await this.store.handBack(pid);
      // Not a failed attempt: even a job on its last attempt goes back to the queue.
      job.opts.attempts = Math.max(attempts, job.attemptsMade + 2);
      throw error;
    }
    if (error instanceof PermanentFailure) {
      this.metrics.failures.inc({ reason: 'aborted' });
      this.logger.warn(`Process ${pid} aborted: ${error.message}`);
      await this.store.abort(pid, error.message);
      return;
    }
    const last = job.attemptsMade + 1 >= attempts;
    this.metrics.failures.inc({ reason: last ? 'attempts-exhausted' : 'retried' });
    if (last) {
      this.logger.error(`Process ${pid} aborted after ${attempts} attempts: ${error.message}`);
      await this.store.abort(pid, `Processing failed after ${attempts} attempts: ${error.message}`);
    } else {
      this.logger.warn(`Process ${pid} failed (attempt ${job.attemptsMade + 1} of ${attempts}), will retry: ${error.message}`);
      await this.store.failForNow(pid, `${error.message} (attempt ${job.attemptsMade + 1} of ${attempts}; retrying)`);
    }
    throw error;
  }

  private progressReporter(job: Job<AnalyseJobData>, pid: number, expectedSeconds: number | null) {
    let reported = 0;
    return (seconds: number) => {
      if (!expectedSeconds || expectedSeconds <= 0) return;
      const percent = Math.min(99, Math.floor((100 * seconds) / expectedSeconds));
      if (percent < reported + PROGRESS_STEP) return;
      reported = percent;
      void job.progress(percent).catch(() => undefined);
      void this.store.setProgress(pid, percent).catch(() => undefined);
    };
  }
}
