import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProcessQueue } from '../queue/process-queue';
import { DatabaseHealth } from './database-health';
import { StatusDto } from './status.dto';

import { VERSION } from '../http-app';

@ApiTags('status')
@Controller('status')
export class StatusController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly queue: ProcessQueue,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getStatus', summary: 'Service health; needs no token' })
  @ApiOkResponse({ type: StatusDto, description: 'The database takes writes and the queue answers' })
  @ApiServiceUnavailableResponse({ type: StatusDto, description: 'The database cannot take writes (it does not answer, its disk is full or it is locked), or the queue does not answer' })
  async status(@Res({ passthrough: true }) response: Response): Promise<StatusDto> {
    const [problem, queue] = await Promise.all([this.database.problem(), this.queue.isReachable()]);
    const database = problem === undefined;
    const healthy = database && queue;
    response.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'degraded',
      version: VERSION,
      checks: { database: database ? 'up' : 'down', queue: queue ? 'up' : 'down' },
    };
  }
}
