import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { once } from 'node:events';
import { Environment } from '../config/environment';
import { ANALYSE_JOB, AnalyseJobData, PROCESS_QUEUE, RETRY_BACKOFF } from './queue.constants';

export class QueueUnavailableError extends Error {}

/** Puts processes on the queue, or says quickly that it cannot. */
@Injectable()
export class ProcessQueue {
  constructor(
    @InjectQueue(PROCESS_QUEUE) private readonly queue: Queue<AnalyseJobData>,
    private readonly env: Environment,
  ) {}

  /** Idempotent: the job id is the pid, so a second enqueue of a waiting job is a no-op. */
  async enqueue(pid: number, requestId?: string): Promise<void> {
    if (this.queue.client.status !== 'ready') throw new QueueUnavailableError(`Redis is ${this.queue.client.status}`);
    const added = this.queue.add(ANALYSE_JOB, { pid, requestId }, {
      jobId: String(pid),
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
    const job = await this.queue.getJob(String(pid));
    if (!job) return 'none';
    return (await job.isFailed()) ? { failed: job.failedReason ?? 'unknown reason' } : 'live';
  }

  async isReachable(): Promise<boolean> {
    try {
      return this.queue.client.status === 'ready' && (await this.queue.client.ping()) === 'PONG';
    } catch {
      return false;
    }
  }
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
