import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, processNotFound } from '../common/api-errors';
import { Environment } from '../config/environment';
import { ProcessStore } from '../store/process-store';
import type { WebhookDeliveryDto } from './webhook.dto';
import type { WebhookAttemptEntity, WebhookDeliveryEntity } from './webhook.entities';
import { WebhookDeliveries } from './webhook-deliveries';
import { endpointNotFound, WebhookEndpoints } from './webhook-endpoints';
import { WebhookQueue } from './webhook-queue';

/** What a client reads of its deliveries, and redelivery. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly deliveries: WebhookDeliveries,
    private readonly endpoints: WebhookEndpoints,
    private readonly queue: WebhookQueue,
    private readonly store: ProcessStore,
    private readonly env: Environment,
  ) {}

  /** Every delivery of a process's events, with each attempt. */
  async ofProcess(cid: number, pid: number): Promise<WebhookDeliveryDto[]> {
    const own = await this.store.findForClient(cid, pid);
    const rows = await this.deliveries.ofProcess(pid);
    // A deleted process keeps its deliveries, so its process.deleted delivery can be read.
    if (!own && !rows.some(({ delivery }) => delivery.cid === cid)) throw processNotFound(pid);
    return rows.filter(({ delivery }) => delivery.cid === cid).map(({ delivery, attempts }) => presentDelivery(delivery, attempts));
  }

  /** Sends a delivery again (same webhook-id and body), retried for WEBHOOK_RETRY_HOURS from now. */
  async redeliver(cid: number, pid: number, did: number): Promise<WebhookDeliveryDto> {
    const delivery = await this.deliveries.findForClient(cid, pid, did);
    if (!delivery) throw new ApiError(HttpStatus.NOT_FOUND, `Webhook delivery ${did} of process ${pid} not found`);
    const endpoint = await this.endpoints.find(delivery.endpointId);
    if (!endpoint || endpoint.cid !== cid) throw endpointNotFound(delivery.endpointId);
    if (endpoint.disabledAt !== null) throw new ApiError(HttpStatus.CONFLICT, `Webhook endpoint ${endpoint.id} is disabled (${endpoint.disabledReason ?? 'by its client'}); enable it first`);
    await this.deliveries.reopen(delivery.id, this.env.WEBHOOK_RETRY_HOURS * 3600_000);
    await this.queue.enqueue(delivery.id);
    const [row] = (await this.deliveries.ofProcess(pid)).filter((d) => d.delivery.id === did);
    return presentDelivery(row.delivery, row.attempts);
  }
}

function presentDelivery(delivery: WebhookDeliveryEntity, attempts: WebhookAttemptEntity[]): WebhookDeliveryDto {
  return {
    id: delivery.id,
    endpointId: delivery.endpointId,
    event: delivery.type,
    webhookId: delivery.messageId,
    state: delivery.state,
    createdAt: new Date(delivery.createdAt).toISOString(),
    retryUntil: new Date(delivery.retryUntil).toISOString(),
    attempts: attempts.map((a) => ({
      at: new Date(a.at).toISOString(),
      ...(a.statusCode !== null ? { statusCode: a.statusCode } : {}),
      latencyMs: a.latencyMs,
      ...(a.error ? { error: a.error } : {}),
    })),
  };
}
