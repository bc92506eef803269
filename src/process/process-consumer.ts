import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { JobOf, OnJob } from '../queue/jobs';
import { ProcessQueue } from '../queue/process-queue';
import { AnalyseJobData, PROCESS_QUEUE } from '../queue/queue.constants';
import { ReconcileStage, Reconciles } from '../queue/reconciler';
import { ProcessStore } from '../store/process-store';
import { CallProcessor } from './call-processor';
import { SpeechModel } from '../analysis/speech-model';
import { assertFfmpegRuns } from './ffmpeg-check';

/** The part of the shutdown time jobs in hand get to finish; the rest is for handing them back. */
const FINISH_SHARE_OF_SHUTDOWN = 0.75;
const BATCH = 500;
/** How long a reconciliation waits for Redis to connect (at start it may still be connecting). */
const READY_WAIT_MS = 10_000;

/**
 * Runs `analyse` jobs; registered only in the worker, so the API enqueues
 * but never consumes. As a stage of the reconciler it finds processes that
 * are not settled but have no job in Redis (a crash between insert and
 * enqueue, or a Redis that lost its data) and queues them again; a process
 * whose job failed for good without being settled (its workers kept dying)
 * is aborted with the reason, so none waits forever.
 */
@Injectable()
@Reconciles()
export class ProcessConsumer implements OnModuleInit, BeforeApplicationShutdown, ReconcileStage {
  private readonly logger = new Logger(ProcessConsumer.name);

  constructor(
    @InjectQueue(PROCESS_QUEUE) private readonly queue: Queue<AnalyseJobData>,
    private readonly processor: CallProcessor,
    private readonly processQueue: ProcessQueue,
    private readonly store: ProcessStore,
    private readonly env: Environment,
  ) {}

  /** Before any job is taken (the jobs start at bootstrap): a missing ffmpeg or a bad model must stop the worker now, not fail every call. */
  async onModuleInit(): Promise<void> {
    this.logger.log(`Using ${await assertFfmpegRuns(this.env.FFMPEG_PATH)}`);
    await SpeechModel.load(this.env.SPEECH_MODEL_PATH);
    this.logger.log(`Using the speech model ${this.env.SPEECH_MODEL_PATH}`);
  }

  @OnJob('analyse', { concurrency: (env) => env.WORKER_CONCURRENCY, closesQueue: true })
  analyse(job: JobOf<'analyse'>): Promise<void> {
    return this.processor.process(job);
  }

  /**
   * Takes no new job and lets the jobs in hand finish; those still running
   * when most of SHUTDOWN_TIMEOUT_MS is spent go back to the queue, so the
   * process exits within the bound without keeping a call at status 1.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const closed = this.queue.close();
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.env.SHUTDOWN_TIMEOUT_MS * FINISH_SHARE_OF_SHUTDOWN);
    });
    if ((await Promise.race([closed, outOfTime])) === 'late') {
      this.logger.warn('Jobs still running as the shutdown time runs out; handing them back to the queue');
      this.processor.handBack();
      await closed;
    }
    clearTimeout(timer);
  }

  async reconcile(): Promise<number> {
    let requeued = 0;
    try {
      await this.processQueue.untilReady(READY_WAIT_MS);
      const untouchedSince = Date.now() - this.env.RECONCILE_GRACE_MS;
      for (let after = 0; ; ) {
        const batch = await this.store.unsettled(untouchedSince, after, BATCH);
        for (const { pid } of batch) {
          const state = await this.processQueue.jobState(pid);
          if (state === 'none') {
            await this.processQueue.enqueue(pid);
            requeued++;
          } else if (state !== 'live') {
            // Failed for good without the worker settling it (it died while holding the job, too often).
            await this.store.abort(pid, `Processing failed: ${state.failed}`);
          }
        }
        if (batch.length < BATCH) break;
        after = batch[batch.length - 1].pid;
      }
    } catch (error) {
      this.logger.warn(`Reconciliation stopped early: ${(error as Error).message}`);
    }
    if (requeued > 0) this.logger.warn(`Queued ${requeued} process(es) that had no job`);
    return requeued;
  }
}
