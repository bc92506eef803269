import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Environment } from '../config/environment';
import { AudioStorage } from '../store/audio-storage';

/**
 * A worker killed while it held a URL submission leaves the download behind;
 * the job's next attempt fetches it again. Every worker removes downloads
 * older than the longest a job can keep one: its download time limit plus
 * its decode time limit, plus a lock period of margin.
 */
@Injectable()
export class AbandonedDownloads implements OnApplicationBootstrap, OnModuleDestroy {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly storage: AudioStorage,
    private readonly env: Environment,
  ) {}

  get maxAgeMs(): number {
    return this.env.URL_TIMEOUT_MS + this.env.DECODE_TIMEOUT_SECONDS * 1000 + this.env.JOB_LOCK_MS;
  }

  onApplicationBootstrap(): void {
    const sweep = () => void this.storage.sweepDownloads(this.maxAgeMs);
    sweep();
    this.timer = setInterval(sweep, this.env.RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }
}
