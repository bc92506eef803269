import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicPass } from '../common/periodic-pass';
import { Environment } from '../config/environment';
import { ProcessStore } from './process-store';

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Removes the results of a client's calls completed more than its
 * `result_retention_days` ago (set with `client retention`); by default
 * results are kept until the process is deleted. The process stays, and its
 * result route answers 410. Runs every AUDIO_RETENTION_INTERVAL_MS; safe on
 * several workers at once, as each removal is conditional on the row.
 */
@Injectable()
export class ResultRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ResultRetention.name);
  /** Each pass returns how many results it removed. */
  private readonly passes: PeriodicPass<number>;

  constructor(
    private readonly store: ProcessStore,
    env: Environment,
  ) {
    this.passes = new PeriodicPass(() => this.pass(), env.AUDIO_RETENTION_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.passes.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  private async pass(): Promise<number> {
    let removed = 0;
    try {
      for (const { cid, resultRetentionDays: days } of await this.store.retentionOverrides()) {
        if (!days) continue;
        const completedBefore = Date.now() - days * DAY_MS;
        let ofClient = 0;
        for (let after = 0; ; ) {
          const pids = await this.store.resultsCompletedBefore(cid, completedBefore, after, BATCH);
          for (const pid of pids) {
            // Announced as process.result-removed, which the metrics count.
            if (await this.store.removeResult(pid, completedBefore)) ofClient++;
          }
          if (pids.length < BATCH) break;
          after = pids[pids.length - 1];
        }
        if (ofClient > 0) this.logger.log(`Removed the results of ${ofClient} call(s) of client ${cid} completed more than ${days} day(s) ago`);
        removed += ofClient;
      }
    } catch (error) {
      this.logger.warn(`Result retention stopped early: ${(error as Error).message}`);
    }
    return removed;
  }
}
