import { Controller, Delete, HttpCode, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ClientRoute } from '../authenticate/client-token.guard';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ProcessDto } from '../publish/process.dto';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { ProcessLifecycle } from './process-lifecycle.service';

@ApiTags('processes')
@ClientRoute()
@Controller('client/:cid/process')
export class ProcessLifecycleController {
  constructor(private readonly lifecycle: ProcessLifecycle) {}

  @Delete(':pid')
  @HttpCode(204)
  @ApiOperation({
    operationId: 'deleteProcess',
    summary: 'Erase a process: its audio, its result and its personal metadata',
    description:
      'Removes the stored audio and the result, and blanks agentId, agentTeam, customerId, customerInd, name, ANI, meta, tag and source. A job waiting in the queue is withdrawn and an analysis in progress stops without writing anything. The pid stays taken: afterwards every route of the process answers 410 (not 404, so a client can tell an erased process from one that never existed), and the process leaves the list. Repeating the DELETE is no error (204 again). A repeated submission with the Idempotency-Key of an erased process answers 410 too, while the key is kept (24 hours).',
  })
  @ApiIdParams('cid', 'pid')
  @ApiNoContentResponse({ description: 'Erased (or erased before)' })
  @ApiErrorResponses(400, 401, 403, 404, 429, 503)
  erase(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<void> {
    return this.lifecycle.erase(cid, pid);
  }

  @Post(':pid/cancel')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'cancelProcess',
    summary: 'Cancel a pending or processing call',
    description:
      'The process ends at status -2 with statusmsg "Cancelled"; an analysis in progress stops within about a second and writes nothing. Cancelling a cancelled process again answers it as it is; a completed or otherwise aborted process answers 409.',
  })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: ProcessDto, description: 'The cancelled process' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 410, 429, 503)
  cancel(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<ProcessDto> {
    return this.lifecycle.cancel(cid, pid);
  }

  @Post(':pid/reprocess')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'reprocessProcess',
    summary: 'Analyse a settled call again',
    description:
      "Queues a completed or aborted process whose audio is still kept for another analysis with the service's current analysis: status goes back to 0. Its earlier result stays readable until the new one replaces it in one step; every result says which analysis version made it (`analysisVersion`). 409 when the process is not settled yet or its audio is no longer kept (URL submissions and calls past their audio retention).",
  })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: ProcessDto, description: 'The process, status 0 (Pending) again' })
  @ApiErrorResponses(400, 401, 403, 404, 409, 410, 429, 503)
  reprocess(@IdParam('cid') cid: number, @IdParam('pid') pid: number, @Req() request: Request): Promise<ProcessDto> {
    return this.lifecycle.reprocess(cid, pid, String(request.id));
  }
}
