import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { ReconcileStage, Reconciles } from '../queue/reconciler';
import { DeliverWebhookData, jobId, WEBHOOK_BACKOFF, WEBHOOK_QUEUE } from '../queue/queue.constants';
import { Deployment } from '../store/deployment';
import { WebhookDeliveries } from './webhook-deliveries';

/** Attempts Bull may make; the retry window (WEBHOOK_RETRY_HOURS) ends a delivery long before. */
const MAX_ATTEMPTS = 10_000;
const BATCH = 500;

/**
 * Puts deliveries on their queue (job id `deliver-webhook:<delivery>`, so a
 * delivery has one job at a time). As a stage of the reconciler it queues
 * pending deliveries that have no job (a Redis that lost its data).
 */
@Injectable()
@Reconciles()
export class WebhookQueue implements ReconcileStage {
  private readonly logger = new Logger(WebhookQueue.name);

  constructor(
    @InjectQueue(WEBHOOK_QUEUE) private readonly queue: Queue<DeliverWebhookData>,
    private readonly deliveries: WebhookDeliveries,
    private readonly deployment: Deployment,
    private readonly env: Environment,
  ) {}

  /** Idempotent while the delivery's job is waiting or running. */
  async enqueue(deliveryId: number): Promise<void> {
    const data = { deliveryId, deployment: this.deployment.id };
    await this.queue.add('deliver-webhook', data, {
      jobId: jobId('deliver-webhook', data),
      attempts: MAX_ATTEMPTS,
      backoff: { type: WEBHOOK_BACKOFF },
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  async reconcile(): Promise<number> {
    let requeued = 0;
    const before = Date.now() - this.env.RECONCILE_GRACE_MS;
    for (let after = 0; ; ) {
      const batch = await this.deliveries.pendingBefore(before, after, BATCH);
      for (const { id } of batch) {
        if (await this.queue.getJob(jobId('deliver-webhook', { deliveryId: id, deployment: this.deployment.id }))) continue;
        await this.enqueue(id);
        requeued++;
      }
      if (batch.length < BATCH) break;
      after = batch[batch.length - 1].id;
    }
    if (requeued > 0) this.logger.warn(`Queued ${requeued} webhook deliver(ies) that had no job`);
    return requeued;
  }
}
