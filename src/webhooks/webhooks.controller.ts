import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClientRoute } from '../authenticate/client-token.guard';
import { ApiErrorResponses } from '../common/api-error-responses';
import { ApiIdParams, IdParam } from '../validate/id-param';
import { CreateWebhookDto, WebhookDeliveryDto, WebhookEndpointDto } from './webhook.dto';
import { WebhookEndpoints } from './webhook-endpoints';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@ClientRoute()
@Controller('client/:cid/webhooks')
export class WebhooksController {
  constructor(private readonly endpoints: WebhookEndpoints) {}

  @Post()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Register a webhook endpoint; the answer carries its signing secret, shown only this once',
    description:
      'Deliveries are POSTs of `{type, timestamp, data}` (`data` is the process as getProcess returns it), signed per Standard Webhooks: `webhook-id` (the same on every retry of one event), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the secret’s base64 part, one per secret in use, space-separated). A 2xx within 10 s ends a delivery; 410 disables the endpoint; anything else is retried with exponential backoff for 24 hours.',
  })
  @ApiIdParams('cid')
  @ApiBody({ type: CreateWebhookDto })
  @ApiCreatedResponse({ type: WebhookEndpointDto })
  @ApiErrorResponses(400, 401, 403, 409, 429)
  create(@IdParam('cid') cid: number, @Body() body: CreateWebhookDto): Promise<WebhookEndpointDto> {
    return this.endpoints.register(cid, body.url, body.events);
  }

  @Get()
  @ApiOperation({ operationId: 'listWebhooks', summary: "The client's webhook endpoints (never their secrets)" })
  @ApiIdParams('cid')
  @ApiOkResponse({ type: [WebhookEndpointDto] })
  @ApiErrorResponses(400, 401, 403, 429)
  list(@IdParam('cid') cid: number): Promise<WebhookEndpointDto[]> {
    return this.endpoints.list(cid);
  }

  @Delete(':wid')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Remove a webhook endpoint; its pending deliveries end unsent' })
  @ApiIdParams('cid', 'wid')
  @ApiNoContentResponse({ description: 'Removed' })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  async remove(@IdParam('cid') cid: number, @IdParam('wid') wid: number): Promise<void> {
    await this.endpoints.remove(cid, wid);
  }

  @Post(':wid/rotate-secret')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Give the endpoint a new signing secret, shown only this once; the old one keeps signing beside it until previousSecretValidUntil',
  })
  @ApiIdParams('cid', 'wid')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  rotate(@IdParam('cid') cid: number, @IdParam('wid') wid: number): Promise<WebhookEndpointDto> {
    return this.endpoints.rotateSecret(cid, wid);
  }

  @Post(':wid/enable')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ operationId: 'enableWebhook', summary: 'Send to an endpoint disabled by a 410 again' })
  @ApiIdParams('cid', 'wid')
  @ApiOkResponse({ type: WebhookEndpointDto })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  enable(@IdParam('cid') cid: number, @IdParam('wid') wid: number): Promise<WebhookEndpointDto> {
    return this.endpoints.enable(cid, wid);
  }
}

@ApiTags('webhooks')
@ClientRoute()
@Controller('client/:cid/process')
export class DeliveriesController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get(':pid/deliveries')
  @ApiOperation({ operationId: 'listDeliveries', summary: "The webhook deliveries of a process's events, each attempt with its time, status code, latency and error" })
  @ApiIdParams('cid', 'pid')
  @ApiOkResponse({ type: [WebhookDeliveryDto] })
  @ApiErrorResponses(400, 401, 403, 404, 429)
  list(@IdParam('cid') cid: number, @IdParam('pid') pid: number): Promise<WebhookDeliveryDto[]> {
    return this.webhooks.ofProcess(cid, pid);
  }

  @Post(':pid/deliveries/:did/redeliver')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ operationId: 'redeliverWebhook', summary: 'Send a delivery again, with its webhook-id and body, retried for another 24 hours' })
  @ApiIdParams('cid', 'pid', 'did')
  @ApiAcceptedResponse({ type: WebhookDeliveryDto })
  @ApiErrorResponses(400, 401, 403, 404, 409, 429)
  redeliver(@IdParam('cid') cid: number, @IdParam('pid') pid: number, @IdParam('did') did: number): Promise<WebhookDeliveryDto> {
    return this.webhooks.redeliver(cid, pid, did);
  }
}
