import { applyDecorators, Controller, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ClientRoute } from '../authenticate/client-token.guard';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ProcessDto } from '../publish/process.dto';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { SubmitQueryDto, SubmitUrlQueryDto } from '../validate/submit-query.dto';
import { FILE_FIELD } from './multipart-receiver';
import { SubmissionService } from './submission.service';

/** Spelt as documented; Nest reads headers case-insensitively. */
const IDEMPOTENCY_HEADER = 'Idempotency-Key';

const ApiIdempotencyKey = () =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_HEADER,
      required: false,
      description:
        'Any 1–255 visible ASCII characters, such as the call id of your own system; leave it empty to send none. Within 24 h, the same key from the same client returns the original process (200) and queues nothing; the same key with another file or other parameters is 409.',
    }),
  );

@ApiTags('processes')
@ClientRoute()
@Controller('client/:cid/process')
export class SubmitController {
  constructor(private readonly submissions: SubmissionService) {}

  @Post('audio')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'submitAudio',
    summary: 'Submit an uploaded call recording',
    description:
      'Streams the multipart field `file` to disk, checks that it is audio whose channel count matches `channels`, records the process and queues it. Metadata travels in the query string.',
  })
  @ApiIdParams('cid')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    required: true,
    schema: {
      type: 'object',
      required: [FILE_FIELD],
      properties: { [FILE_FIELD]: { type: 'string', format: 'binary', description: 'The recording: WAV, MP3, FLAC, Ogg/Opus, M4A…' } },
    },
  })
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ProcessDto, description: 'The new process, status 0 (Pending); or the original one for a repeated Idempotency-Key' })
  @ApiErrorResponses(400, 401, 403, 409, 410, 413, 415, 429, 503, 507)
  submitAudio(
    @IdParam('cid') cid: number,
    @Query() query: SubmitQueryDto,
    @Req() request: Request,
    @Headers(IDEMPOTENCY_HEADER) key?: string,
  ): Promise<ProcessDto> {
    return this.submissions.submitUpload(cid, query, request, key);
  }

  @Post('url')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'submitUrl',
    summary: 'Submit a call recording by URL',
    description: 'Records and queues the process; the worker downloads the audio from `url` (http or https only).',
  })
  @ApiIdParams('cid')
  @ApiIdempotencyKey()
  @ApiOkResponse({ type: ProcessDto, description: 'The new process, status 0 (Pending); or the original one for a repeated Idempotency-Key' })
  @ApiErrorResponses(400, 401, 403, 409, 410, 429, 503)
  submitUrl(
    @IdParam('cid') cid: number,
    @Query() query: SubmitUrlQueryDto,
    @Req() request: Request,
    @Headers(IDEMPOTENCY_HEADER) key?: string,
  ): Promise<ProcessDto> {
    return this.submissions.submitUrl(cid, query, String(request.id), key);
  }
}
