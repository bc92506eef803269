import { Controller, Get, HttpStatus, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiError } from '../common/api-errors';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { PublishService } from './publish.service';
import { TimelineLinks } from './timeline-links';

/** The timeline's 200: an SVG picture, typed so Swagger UI shows it as an image. */
export const ApiTimelineImage = () =>
  ApiOkResponse({ description: 'The timeline, an SVG picture', content: { 'image/svg+xml': { schema: { type: 'string', format: 'binary' } } } });

/**
 * The SVG with its content type, set only once it is drawn: a route-wide
 * header would label a JSON error body as an image.
 */
export async function asSvg(response: Response, svg: Promise<string>): Promise<string> {
  const drawn = await svg;
  response.type('image/svg+xml; charset=utf-8');
  return drawn;
}

/** The same answer to a link that was altered, made for another process or has expired: it tells nothing about which. */
const refused = () => new ApiError(HttpStatus.FORBIDDEN, 'The link is not valid or has expired; read the result again for a new one');

/**
 * The timeline through a signed, expiring link (`links.timeline` of the
 * result), so an analyst opens it in a browser. No token: the signature is
 * the credential (TimelineLinks).
 */
@ApiTags('processes')
@Controller('shared/client/:cid/process')
export class SignedTimelineController {
  constructor(
    private readonly links: TimelineLinks,
    private readonly publish: PublishService,
  ) {}

  @Get(':pid/timeline.svg')
  @ApiOperation({
    operationId: 'getSignedTimeline',
    summary: 'The timeline of a completed call through a signed link (no token)',
    description:
      'The picture of getProcessTimeline, for a browser: the result gives this link as `links.timeline`, with its expiry and signature (valid LINK_TTL_SECONDS, one hour by default). 403 when the link was altered or has expired.',
  })
  @ApiIdParams('cid', 'pid')
  @ApiQuery({ name: 'expires', description: 'When the link expires, Unix seconds (from the result)', schema: { type: 'integer' } })
  @ApiQuery({ name: 'signature', description: 'HMAC-SHA256 of the link, base64url (from the result)', schema: { type: 'string' } })
  @ApiTimelineImage()
  @ApiErrorResponses(400, 403, 404, 409, 503)
  timeline(
    @IdParam('cid') cid: number,
    @IdParam('pid') pid: number,
    @Query('expires') expires: unknown,
    @Query('signature') signature: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<string> {
    if (!this.links.verify(cid, pid, expires, signature)) throw refused();
    return asSvg(response, this.publish.timeline(cid, pid));
  }
}
