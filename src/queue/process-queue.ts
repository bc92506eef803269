import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { once } from 'node:events';
import { Environment } from '../config/environment';
import { Deployment } from '../store/deployment';
import { ANALYSE_JOB, AnalyseJobData, jobId, PROCESS_QUEUE, RETRY_BACKOFF } from './queue.constants';

export class QueueUnavailableError extends Error {}

/** Puts processes on the queue, or says quickly that it cannot. */
@Injectable()
export class ProcessQueue {
  constructor(
    @InjectQueue(PROCESS_QUEUE) private readonly queue: Queue<AnalyseJobData>,
    private readonly deployment: Deployment,
    private readonly env: Environment,
  ) {}

  /** Idempotent: the job id is `analyse:<pid>`, so a second enqueue of a waiting job is a no-op. */
  async enqueue(pid: number, requestId?: string): Promise<void> {
    if (this.queue.client.status !== 'ready') throw new QueueUnavailableError(`Redis is ${this.queue.client.status}`);
    const added = this.queue.add(ANALYSE_JOB, { pid, requestId, deployment: this.deployment.id }, {
      jobId: jobId('analyse', { pid }),
      attempts: this.env.JOB_ATTEMPTS,
      backoff: { type: RETRY_BACKOFF },
      removeOnComplete: true,
      removeOnFail: { count: 1000 },
    });
    try {
      await withinTime(added, this.env.QUEUE_TIMEOUT_MS, 'Redis did not answer in time');
    } catch (error) {
      throw error instanceof QueueUnavailableError ? error : new QueueUnavailableError((error as Error).message);
    }
  }

  /**
   * Resolves once the queue's Redis connection is up; rejects on a connection
   * error or after `timeoutMs`. Bull's own isReady() only waits for its
   * scripts to be defined, not for the connection.
   */
  async untilReady(timeoutMs: number): Promise<void> {
    const client = this.queue.client;
    const connected = client.status === 'ready' ? this.queue.isReady() : once(client, 'ready').then(() => this.queue.isReady());
    await withinTime(connected, timeoutMs, `Redis was not ready within ${timeoutMs} ms`);
  }

  /** What Redis holds for this pid: nothing, a job still to run or running, or a job that failed for good. */
  async jobState(pid: number): Promise<'none' | 'live' | { failed: string }> {
    const job = await this.analyseJob(pid);
    if (!job) return 'none';
    return (await job.isFailed()) ? { failed: job.failedReason ?? 'unknown reason' } : 'live';
  }

  /**
   * Takes the pid's job off the queue unless a worker holds it (that worker
   * sees the row and stops). Best effort: a job left behind finds its
   * process settled and ends without work.
   */
  async withdraw(pid: number): Promise<void> {
    const job = await this.analyseJob(pid).catch(() => null);
    if (job && !(await job.isActive().catch(() => true))) await job.remove().catch(() => undefined);
  }

  /**
   * Whether a worker still holds the pid's job: a cancelled or deleted run
   * that has not seen its withdrawal yet (it does within CANCEL_CHECK_INTERVAL_MS).
   */
  async isHeld(pid: number): Promise<boolean> {
    const job = await this.analyseJob(pid);
    return job ? job.isActive() : false;
  }

  /**
   * Queues the pid again after its earlier job ended: Bull ignores a job
   * whose id it still holds (failed jobs are kept), so that one is removed
   * first, and the new one takes the same id (`analyse:<pid>`), which the
   * reconciler and withdraw() look for.
   */
  async requeue(pid: number, requestId?: string): Promise<void> {
    if (this.queue.client.status !== 'ready') throw new QueueUnavailableError(`Redis is ${this.queue.client.status}`);
    const earlier = await this.analyseJob(pid);
    if (earlier) await earlier.remove();
    await this.enqueue(pid, requestId);
  }

  /**
   * The pid's analyse job, if Redis holds one. Jobs queued before job ids
   * named their type have the bare pid as id: they count too, so an upgrade
   * neither drops them nor queues a second job beside them.
   */
  private async analyseJob(pid: number): Promise<Job<AnalyseJobData> | null> {
    return (await this.queue.getJob(jobId('analyse', { pid }))) ?? (await this.queue.getJob(String(pid)));
  }

  async isReachable(): Promise<boolean> {
    try {
      return this.queue.client.status === 'ready' && (await this.queue.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
}

/** How long a job handed back by a worker of another deployment waits before it can be taken again. */
const PUT_BACK_DELAY_MS = 1000;

/**
 * Returns a job this worker holds to the queue as it came: same data,
 * attempts and options, delayed a moment so the same worker does not take it
 * straight back. Bull's retry counts an attempt and records an error, and has
 * no hand-back of its own, so the job is moved as its retry moves it (to the
 * delayed set, releasing this worker's lock) and Bull's own completion of it
 * is skipped: the handler must return right after.
 */
export async function putBackUntouched(job: Job): Promise<void> {
  // Bull's Job has it (its retry uses it); its type declarations leave it out.
  await (job as Job & { moveToDelayed(timestamp: number): Promise<void> }).moveToDelayed(Date.now() + PUT_BACK_DELAY_MS);
  job.moveToCompleted = () => Promise.resolve(null);
}

/** `work`, or a QueueUnavailableError once `ms` have passed without it settling. */
async function withinTime(work: Promise<unknown>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueueUnavailableError(message)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
