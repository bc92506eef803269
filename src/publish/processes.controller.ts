import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ClientRoute } from '../authenticate/client-token.guard';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { ListProcessesQueryDto } from '../validate/list-query.dto';
import { ProcessHistoryDto } from './history.dto';
import { ProcessDto } from './process.dto';
import { PublishService } from './publish.service';
import { ResultDto } from './result.dto';
import { ApiTimelineImage, asSvg } from './signed-timeline.controller';

@ApiTags('processes')
@ClientRoute()
@Controller('client/:cid/process')
export class ProcessesController {
  constructor(private readonly publish: PublishService) {}

  @Get()
  @ApiOperation({ operationId: 'listProcesses', summary: "List the client's processes, newest first" })
  @ApiIdParams('cid')
  @ApiOkResponse({ type: [ProcessDto], headers: { 'X-Total-Count': { description: 'How many processes match the filters', schema: { type: 'integer' } } } })
  @ApiErrorResponses(400, 401, 403, 429)
  async list(
    @IdParam('cid') cid: number,
    @Query() query: ListProcessesQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ProcessDto[]> {
    const { processes, total } = await this.publish.list(cid, query);
    response.setHeader('X-Total-Count', String(total));
    return processes;
  }

  @Get(':pid')
  @ApiOperation({ operationId: 'getProcess', summary: 'One process and its state (clients poll this)' })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: ProcessDto })
  @ApiErrorResponses(400, 401, 403, 404, 410, 429)
  get(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<ProcessDto> {
    return this.publish.get(cid, pid);
  }

  @Get(':pid/history')
  @ApiOperation({
    operationId: 'getProcessHistory',
    summary: "A process's history: when it was received, queued, started, decoded, analysed, completed or failed, and each webhook delivery attempt",
  })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: ProcessHistoryDto })
  @ApiErrorResponses(400, 401, 403, 404, 410, 429)
  history(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<ProcessHistoryDto> {
    return this.publish.history(cid, pid);
  }

  @Get(':pid/result')
  @ApiOperation({
    operationId: 'getProcessResult',
    summary: 'Call-level results of a completed process',
    description: '503 with Retry-After while the process is pending, processing or failed for now; 409 once it is aborted; 410 once it is deleted or the retention removed the result. While a process is analysed again (reprocess) its earlier result stays readable until the new one replaces it.',
  })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: ResultDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 410, 429, 503)
  result(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<ResultDto> {
    return this.publish.result(cid, pid);
  }

  @Get(':pid/timeline.svg')
  @ApiOperation({
    operationId: 'getProcessTimeline',
    summary: 'A picture of a completed call: who spoke when',
    description:
      'An SVG of the call over time, headed with the agent, the call time and the direction: a lane per speaker with its utterances and non-speech sound, the time both talk, interruptions, holds, long silences, beeps and ringback, and a time axis; every mark has a title shown on hover and a legend entry. The result links a signed copy a browser opens without a token (`links.timeline`, see getSignedTimeline). 503 with Retry-After until the process completes; 409 once it is aborted.',
  })
  @ApiIdParams('cid', 'pid')
  @ApiTimelineImage()
  @ApiErrorResponses(400, 401, 403, 404, 409, 410, 429, 503)
  timeline(@IdParam('cid') cid: number, @IdParam('pid') pid: number, @Res({ passthrough: true }) response: Response): Promise<string> {
    return asSvg(response, this.publish.timeline(cid, pid));
  }
}
