import { Injectable } from '@nestjs/common';
import { Environment } from '../config/environment';
import { OnEvent, RecordedEvent } from '../events/process-events';
import { presentProcess } from '../publish/present-process';
import { ProcessStore } from '../store/process-store';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookEndpoints } from './webhook-endpoints';
import { WebhookQueue } from './webhook-queue';

/**
 * Turns each announced process event into one delivery per endpoint that
 * wants it, and queues it. Idempotent: an event dispatched again finds its
 * deliveries made, with their webhook-ids, and queues only those pending.
 */
@Injectable()
export class WebhookFanout {
  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveries,
    private readonly queue: WebhookQueue,
    private readonly store: ProcessStore,
    private readonly env: Environment,
  ) {}

  @OnEvent('process.completed', 'process.failed', 'process.deleted')
  async fanOut(event: RecordedEvent): Promise<void> {
    // An erased process leaves nothing of the call in earlier deliveries either (those not yet sent go out blank).
    if (event.type === 'process.deleted') await this.deliveries.blankBodies(event.pid);
    const endpoints = await this.endpoints.wanting(event.cid, event.type);
    if (endpoints.length === 0) return;
    const body = JSON.stringify({ type: event.type, timestamp: new Date(event.at).toISOString(), data: await this.data(event) });
    for (const endpoint of endpoints) {
      const delivery = await this.deliveries.open(
        { eventId: event.id, endpointId: endpoint.id, pid: event.pid, cid: event.cid, type: event.type, body, at: event.at },
        this.env.WEBHOOK_RETRY_HOURS * 3600_000,
      );
      if (delivery.state === 'pending') await this.queue.enqueue(delivery.id);
    }
  }

  /** The process as the poll route shows it now; of a deleted process, what the event says of it. */
  private async data(event: RecordedEvent): Promise<Record<string, unknown>> {
    const row = event.type === 'process.deleted' ? null : await this.store.findForClient(event.cid, event.pid);
    return row ? { ...presentProcess(row) } : { pid: event.pid, id: event.pid, cid: event.cid, ...(event.data ?? {}) };
  }
}
