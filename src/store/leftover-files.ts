import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicPass } from '../common/periodic-pass';
import { Environment } from '../config/environment';
import { AudioStorage } from './audio-storage';
import { UnrecordedAudio } from './unrecorded-audio';

/** Beyond REQUEST_TIMEOUT_MS, the few seconds an upload may still take to be checked and kept. */
const UPLOAD_SETTLE_MS = 60_000;

/**
 * Files a process left behind when it died: unfinished uploads and stored
 * recordings whose row was never committed (API), URL downloads (worker),
 * and local copies of recordings from an object store (both). A restarting API removes its own host's unfinished uploads at
 * once; every node then removes, every RECONCILE_INTERVAL_MS, those older
 * than any live request or job keeps one, from whichever host they came.
 */
@Injectable()
export class LeftoverFiles implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(LeftoverFiles.name);
  /** An upload, and a recording not yet recorded, live at most as long as their request and a moment to be kept. */
  private readonly uploadMaxAgeMs: number;
  /** A download lives at most its fetch and its decode, plus a lock period of margin. */
  private readonly downloadMaxAgeMs: number;
  private readonly passes: PeriodicPass<void>;

  constructor(
    private readonly storage: AudioStorage,
    private readonly unrecorded: UnrecordedAudio,
    private readonly env: Environment,
  ) {
    this.uploadMaxAgeMs = env.REQUEST_TIMEOUT_MS + UPLOAD_SETTLE_MS;
    this.downloadMaxAgeMs = env.URL_TIMEOUT_MS + env.DECODE_TIMEOUT_SECONDS * 1000 + env.JOB_LOCK_MS;
    this.passes = new PeriodicPass(() => this.sweep(), env.RECONCILE_INTERVAL_MS);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.ROLE !== 'worker') await this.storage.sweepIncoming();
    this.passes.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  private async sweep(): Promise<void> {
    const uploads = this.env.ROLE === 'worker' ? 0 : await this.storage.sweepStaleUploads(this.uploadMaxAgeMs);
    const downloads = this.env.ROLE === 'api' ? 0 : await this.storage.sweepDownloads(this.downloadMaxAgeMs);
    const unrecorded = this.env.ROLE === 'worker' ? 0 : await this.sweepUnrecorded();
    // Copies for the decoder (worker) and for the upload check (API) live no longer than a download.
    const copies = this.storage.driver.kind === 'file' ? 0 : await this.storage.sweepCopies(this.downloadMaxAgeMs);
    if (uploads > 0) this.logger.warn(`Removed ${uploads} unfinished upload(s) left by APIs that stopped mid-request`);
    if (downloads > 0) this.logger.warn(`Removed ${downloads} download(s) left by workers that stopped mid-job`);
    if (copies > 0) this.logger.warn(`Removed ${copies} local copies of stored recordings left by processes that stopped mid-job`);
    if (unrecorded > 0) this.logger.warn(`Removed ${unrecorded} stored recording(s) whose request stopped or was refused before its row was committed`);
  }

  private async sweepUnrecorded(): Promise<number> {
    try {
      return await this.unrecorded.sweep(this.uploadMaxAgeMs);
    } catch (error) {
      this.logger.warn(`The sweep of unrecorded recordings stopped early: ${(error as Error).message}`);
      return 0;
    }
  }
}
