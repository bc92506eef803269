import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ProcessQueue } from '../queue/process-queue';
import { ProcessStore } from '../store/process-store';
import { StatusDto } from './status.dto';

import { VERSION } from '../http-app';

@ApiTags('status')
@Controller('status')
export class StatusController {
  constructor(
    private readonly store: ProcessStore,
    private readonly queue: ProcessQueue,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'getStatus', summary: 'Service health; needs no token' })
  @ApiOkResponse({ type: StatusDto, description: 'The database and the queue both answer' })
  @ApiServiceUnavailableResponse({ type: StatusDto, description: 'The database or the queue does not answer' })
  async status(@Res({ passthrough: true }) response: Response): Promise<StatusDto> {
    const [database, queue] = await Promise.all([this.store.ping(), this.queue.isReachable()]);
    const healthy = database && queue;
    response.status(healthy ? 200 : 503);
    return {
      status: healthy ? 'ok' : 'degraded',
      version: VERSION,
      checks: { database: database ? 'up' : 'down', queue: queue ? 'up' : 'down' },
    };
  }
}
