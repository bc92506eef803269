import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { ProbeAnswer, Readiness } from './readiness';

/** Probes for orchestrators: live = the process answers; ready = it can take calls. No token. */
@ApiTags('status')
@Controller('health')
export class HealthController {
  constructor(private readonly readiness: Readiness) {}

  @Get('live')
  @ApiOperation({ operationId: 'getLiveness', summary: 'The process is up (no dependency is checked)' })
  @ApiOkResponse({ description: 'Alive', example: { status: 'ok', info: {}, error: {}, details: {} } })
  @ApiServiceUnavailableResponse({ description: 'Not alive', example: { status: 'error', info: {}, error: {}, details: {} } })
  live(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return this.answer(response, this.readiness.live());
  }

  @Get('ready')
  @ApiOperation({ operationId: 'getReadiness', summary: 'The database takes writes, and Redis, free disk in the storage folder and ffmpeg are all usable' })
  @ApiOkResponse({ description: 'Ready', example: { status: 'ok', info: { database: { status: 'up' }, redis: { status: 'up' }, disk: { status: 'up', freeBytes: 52_000_000_000 }, ffmpeg: { status: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'Something it needs is missing; `error` says what', example: { status: 'error', error: { redis: { status: 'down', message: 'Redis does not answer' } } } })
  ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    return this.answer(response, this.readiness.ready());
  }

  private async answer(response: Response, probe: Promise<ProbeAnswer>): Promise<HealthCheckResult> {
    const { status, report } = await probe;
    response.status(status);
    return report;
  }
}
