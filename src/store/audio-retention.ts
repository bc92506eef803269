import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicPass } from '../common/periodic-pass';
import { Environment } from '../config/environment';
import { AudioStorage } from './audio-storage';
import { ProcessStore, RetentionScope } from './process-store';

const BATCH = 500;
const DAY_MS = 24 * 3600 * 1000;

/**
 * Removes the audio of calls settled more than AUDIO_RETENTION_DAYS ago (or
 * the client's own audio retention, see ClientEntity): the recordings are
 * the customers' voices, the results are numbers. A call that
 * is still pending, processing or waiting for a retry keeps its audio however
 * old. Safe on several workers at once: removing a file already gone is not
 * an error, and the row forgets only the path it was read with.
 */
@Injectable()
export class AudioRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AudioRetention.name);
  /** Each pass returns how many recordings it removed. */
  private readonly passes: PeriodicPass<number>;

  constructor(
    private readonly store: ProcessStore,
    private readonly storage: AudioStorage,
    private readonly env: Environment,
  ) {
    this.passes = new PeriodicPass(() => this.pass(), env.AUDIO_RETENTION_INTERVAL_MS);
  }

  /** Always started: a client's own retention can be set while the workers run. */
  onApplicationBootstrap(): void {
    this.passes.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  private async pass(): Promise<number> {
    let removed = 0;
    if (this.env.AUDIO_RETENTION_DAYS > 0) removed += await this.removeAudio('default', this.env.AUDIO_RETENTION_DAYS);
    try {
      for (const { cid, audioRetentionDays } of await this.store.retentionOverrides()) {
        if (audioRetentionDays) removed += await this.removeAudio({ cid }, audioRetentionDays);
      }
    } catch (error) {
      this.logger.warn(`Audio retention stopped early: ${(error as Error).message}`);
    }
    return removed;
  }

  /** One walk: the audio of the scope's calls settled more than `days` ago. */
  private async removeAudio(scope: RetentionScope, days: number): Promise<number> {
    const settledBefore = Date.now() - days * DAY_MS;
    let removed = 0;
    try {
      for (let after = { updatedAt: -1, pid: 0 }; ; ) {
        const batch = await this.store.audioSettledBefore(settledBefore, after, BATCH, scope);
        for (const { pid, audioPath } of batch) {
          // File first: a crash in between leaves a path to a missing file, never a file nobody points to.
          if (!(await this.storage.discard(audioPath))) continue; // said in the log; tried again next pass
          await this.store.forgetAudio(pid, audioPath!);
          removed++; // announced as process.audio-removed, which the metrics count
        }
        if (batch.length < BATCH) break;
        after = batch[batch.length - 1];
      }
    } catch (error) {
      this.logger.warn(`Audio retention stopped early: ${(error as Error).message}`);
    }
    const whose = scope === 'default' ? '' : ` of client ${scope.cid}`;
    if (removed > 0) this.logger.log(`Removed the audio of ${removed} call(s)${whose} settled more than ${days} day(s) ago`);
    return removed;
  }
}
