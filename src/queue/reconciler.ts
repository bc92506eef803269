import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicPass } from '../common/periodic-pass';
import { Environment } from '../config/environment';
import { ProcessStore } from '../store/process-store';
import { ProcessQueue } from './process-queue';

const BATCH = 500;
/** How long a pass waits for Redis to connect (at start it may still be connecting). */
const READY_WAIT_MS = 10_000;

/**
 * Finds processes that are not settled but have no job in Redis (a crash
 * between insert and enqueue, or a Redis that lost its data) and queues
 * them again; a process whose job failed for good without being settled (its
 * workers kept dying) is aborted with the reason, so none waits forever.
 * Safe on several nodes at once: the job id is the pid.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Reconciler.name);
  /** Each pass returns how many processes it queued again. */
  private readonly passes: PeriodicPass<number>;

  constructor(
    private readonly store: ProcessStore,
    private readonly queue: ProcessQueue,
    private readonly env: Environment,
  ) {
    this.passes = new PeriodicPass(() => this.pass(), env.RECONCILE_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.passes.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  private async pass(): Promise<number> {
    let requeued = 0;
    try {
      await this.queue.untilReady(READY_WAIT_MS);
      const untouchedSince = Date.now() - this.env.RECONCILE_GRACE_MS;
      for (let after = 0; ; ) {
        const batch = await this.store.unsettled(untouchedSince, after, BATCH);
        for (const { pid } of batch) {
          const state = await this.queue.jobState(pid);
          if (state === 'none') {
            await this.queue.enqueue(pid);
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
