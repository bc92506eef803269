import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { Response } from 'express';
import { statfs } from 'node:fs/promises';
import { Environment } from '../config/environment';
import { assertFfmpegRuns } from '../process/ffmpeg-check';
import { ProcessQueue } from '../queue/process-queue';
import { AudioStorage } from '../store/audio-storage';
import { DatabaseHealth } from './database-health';

const FFMPEG_CHECK_EVERY_MS = 60_000;

/** Probes for orchestrators: live = the process answers; ready = it can take calls. No token. */
@ApiTags('status')
@Controller('health')
export class HealthController {
  private ffmpeg?: { checkedAt: number; ok: boolean; detail: string };

  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealth,
    private readonly indicators: HealthIndicatorService,
    private readonly queue: ProcessQueue,
    private readonly storage: AudioStorage,
    private readonly env: Environment,
  ) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up (no dependency is checked)' })
  @ApiOkResponse({ description: 'Alive', example: { status: 'ok', info: {}, error: {}, details: {} } })
  @ApiServiceUnavailableResponse({ description: 'Not alive', example: { status: 'error', info: {}, error: {}, details: {} } })
  live(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return this.answer(response, () => this.health.check([]));
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'The database takes writes, and Redis, free disk in the storage folder and ffmpeg are all usable' })
  @ApiOkResponse({ description: 'Ready', example: { status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' }, disk: { status: 'up', freeBytes: 52_000_000_000 }, ffmpeg: { status: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'Something it needs is missing; `error` says what', example: { status: 'error', error: { redis: { status: 'down', message: 'Redis does not answer' } } } })
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return this.answer(response, () =>
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
          const stats = await statfs(this.storage.root).catch(() => statfs('.'));
          const freeBytes = stats.bavail * stats.bsize;
          return freeBytes >= this.env.MIN_FREE_DISK_BYTES
            ? disk.up({ freeBytes })
            : disk.down({ freeBytes, requiredBytes: this.env.MIN_FREE_DISK_BYTES, message: `Less than ${this.env.MIN_FREE_DISK_BYTES} bytes free in ${this.storage.root}` });
        },
        async () => {
          const ffmpeg = this.indicators.check('ffmpeg');
          const state = await this.ffmpegState();
          return state.ok ? ffmpeg.up({ version: state.detail }) : ffmpeg.down({ message: state.detail });
        },
      ]),
    );
  }

  /** Terminus answers 503 by throwing; the report is the body either way. */
  private async answer(response: Response, check: () => Promise<HealthCheckResult>): Promise<HealthCheckResult> {
    try {
      return await check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503);
      return error.getResponse() as HealthCheckResult;
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
