import { Injectable, Module, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { statfs } from 'node:fs/promises';
import { Environment } from '../config/environment';
import { assertFfmpegRuns } from '../process/ffmpeg-check';
import { ProcessQueue } from '../queue/process-queue';
import { QueueModule } from '../queue/queue.module';
import { AudioStorage } from '../store/audio-storage';
import { StoreModule } from '../store/store.module';
import { DatabaseHealth } from './database-health';

const FFMPEG_CHECK_EVERY_MS = 60_000;

/** A probe's answer: 200 or 503, and Terminus's report as the body either way. */
export interface ProbeAnswer {
  status: 200 | 503;
  report: HealthCheckResult;
}

/**
 * The probes of a node, API or worker: live = the process answers; ready =
 * the database takes writes, and Redis, free disk in STORAGE_DIR, the
 * object store (its bucket, when STORAGE_URL is s3://) and ffmpeg are all usable.
 */
@Injectable()
export class Readiness {
  private ffmpeg?: { checkedAt: number; ok: boolean; detail: string };

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealth,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: ProcessQueue,
    private readonly storage: AudioStorage,
    private readonly env: Environment,
  ) {}

  live(): Promise<ProbeAnswer> {
    return this.answer(() => this.health.check([]));
  }

  ready(): Promise<ProbeAnswer> {
    return this.answer(() =>
      this.health.check([
        async () => {
          const database = this.indicators.check('database');
          const problem = await this.database.problem();
          return problem === undefined ? database.up() : database.down({ message: problem });
        },
        async () => {
          const redis = this.indicators.check('redis');
          return (await this.queue.isReachable()) ? redis.up() : redis.down({ message: 'Redis does not answer' });
        },
        async () => {
          const disk = this.indicators.check('disk');
          const stats = await statfs(this.storage.workDir).catch(() => statfs('.'));
          const freeBytes = stats.bavail * stats.bsize;
          return freeBytes >= this.env.MIN_FREE_DISK_BYTES
            ? disk.up({ freeBytes })
            : disk.down({ freeBytes, requiredBytes: this.env.MIN_FREE_DISK_BYTES, message: `Less than ${this.env.MIN_FREE_DISK_BYTES} bytes free in ${this.storage.workDir}` });
        },
        ...(this.storage.driver.kind === 's3'
          ? [
              async () => {
                const store = this.indicators.check('storage');
                const health = await this.storage.check();
                return health?.up ? store.up({ driver: 's3' }) : store.down({ driver: 's3', message: `The audio store is not usable: ${health?.detail}` });
              },
            ]
          : []),
        async () => {
          const ffmpeg = this.indicators.check('ffmpeg');
          const state = await this.ffmpegState();
          return state.ok ? ffmpeg.up({ version: state.detail }) : ffmpeg.down({ message: state.detail });
        },
      ]),
    );
  }

  /** Terminus answers 503 by throwing; the report is the body either way. */
  private async answer(check: () => Promise<HealthCheckResult>): Promise<ProbeAnswer> {
    try {
      return { status: 200, report: await check() };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      return { status: 503, report: error.getResponse() as HealthCheckResult };
    }
  }

  private async ffmpegState() {
    if (!this.ffmpeg || Date.now() - this.ffmpeg.checkedAt > FFMPEG_CHECK_EVERY_MS) {
      try {
        this.ffmpeg = { checkedAt: Date.now(), ok: true, detail: await assertFfmpegRuns(this.env.FFMPEG_PATH) };
      } catch (error) {
        this.ffmpeg = { checkedAt: Date.now(), ok: false, detail: (error as Error).message };
      }
    }
    return this.ffmpeg;
  }
}

/** The probes, for the API's /health routes and a worker's metrics port alike. */
@Module({
  imports: [StoreModule, QueueModule, TerminusModule.forRoot({ logger: false })],
  providers: [Readiness, DatabaseHealth],
  exports: [Readiness, DatabaseHealth],
})
export class ReadinessModule {}
