import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, Repository } from 'typeorm';
import { AtomicWrites } from '../database/atomic-writes';
import { ProcessEvents } from '../events/process-events';
import { DeliveryState, WebhookAttemptEntity, WebhookDeliveryEntity } from './webhook.entities';

/** What one attempt came to. */
export interface AttemptOutcome {
  /** The receiver's HTTP status; absent when none came. */
  statusCode?: number;
  /** Milliseconds from sending to the answer or the failure. */
  latencyMs: number;
  /** Why no 2xx came, in our words (never the library's). */
  error?: string;
}

export interface NewDelivery {
  eventId: number;
  endpointId: number;
  pid: number;
  cid: number;
  type: string;
  body: string;
  /** Epoch milliseconds: when the event happened. */
  at: number;
}

/** The delivery rows: one per event and endpoint, their attempts, and their end. */
@Injectable()
export class WebhookDeliveries {
  private readonly deliveries: Repository<WebhookDeliveryEntity>;
  private readonly attempts: Repository<WebhookAttemptEntity>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: AtomicWrites,
    private readonly events: ProcessEvents,
  ) {
    this.deliveries = dataSource.getRepository(WebhookDeliveryEntity);
    this.attempts = dataSource.getRepository(WebhookAttemptEntity);
  }

  /**
   * The delivery of an event to an endpoint, made once: a second call for
   * the same pair (an event dispatched twice) returns the first, with its
   * webhook-id and body.
   */
  async open(delivery: NewDelivery, retryForMs: number): Promise<WebhookDeliveryEntity> {
    await this.writes.run([
      {
        sql: `INSERT INTO webhook_deliveries (event_id, endpoint_id, pid, cid, type, message_id, body, state, created_at, retry_until)
              VALUES (:eventId, :endpointId, :pid, :cid, :type, :messageId, :body, 'pending', :at, :retryUntil)
              ON CONFLICT (event_id, endpoint_id) DO NOTHING`,
        parameters: { ...delivery, messageId: `msg_${randomUUID().replace(/-/g, '')}`, retryUntil: delivery.at + retryForMs },
      },
    ]);
    return (await this.deliveries.findOneBy({ eventId: delivery.eventId, endpointId: delivery.endpointId }))!;
  }

  /**
   * Replaces the bodies of a process's deliveries with what a deletion may
   * keep: the event's type and time and the process's ids (erasure; the
   * bodies held the process as polled, personal fields included).
   */
  async blankBodies(pid: number): Promise<void> {
    const rows = await this.deliveries.find({ select: { id: true, body: true }, where: { pid } });
    for (const row of rows) {
      const { type, timestamp, data } = JSON.parse(row.body) as { type: string; timestamp: string; data: { pid: number; id: number; cid: number } };
      const blank = JSON.stringify({ type, timestamp, data: { pid: data.pid, id: data.id, cid: data.cid } });
      if (blank !== row.body) await this.deliveries.update({ id: row.id }, { body: blank });
    }
  }

  find(id: number): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  findForClient(cid: number, pid: number, id: number): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOneBy({ id, cid, pid });
  }

  /** A process's deliveries, each with its attempts in order. */
  async ofProcess(pid: number): Promise<{ delivery: WebhookDeliveryEntity; attempts: WebhookAttemptEntity[] }[]> {
    const deliveries = await this.deliveries.find({ where: { pid }, order: { id: 'ASC' } });
    const attempts = deliveries.length ? await this.attempts.find({ where: { deliveryId: In(deliveries.map((d) => d.id)) }, order: { id: 'ASC' } }) : [];
    return deliveries.map((delivery) => ({ delivery, attempts: attempts.filter((a) => a.deliveryId === delivery.id) }));
  }

  /**
   * Notes an attempt, and in the same transaction its step in the process's
   * history and, when it ends the delivery, its end state.
   */
  async recordAttempt(delivery: WebhookDeliveryEntity, at: number, outcome: AttemptOutcome, ending?: Exclude<DeliveryState, 'pending'>): Promise<void> {
    await this.writes.run([
      {
        sql: 'INSERT INTO webhook_attempts (delivery_id, at, status_code, latency_ms, error) VALUES (:id, :at, :statusCode, :latencyMs, :error)',
        parameters: { id: delivery.id, at, statusCode: outcome.statusCode ?? null, latencyMs: Math.round(outcome.latencyMs), error: outcome.error?.slice(0, 255) ?? null },
      },
      this.events.step({
        type: 'webhook.attempted',
        pid: delivery.pid,
        cid: delivery.cid,
        at,
        data: { deliveryId: delivery.id, endpointId: delivery.endpointId, event: delivery.type, statusCode: outcome.statusCode ?? null, latencyMs: Math.round(outcome.latencyMs), ...(outcome.error ? { error: outcome.error } : {}) },
      }),
      ...(ending ? [{ sql: "UPDATE webhook_deliveries SET state = :ending, settled_at = :at WHERE id = :id AND state = 'pending'", parameters: { ending, at, id: delivery.id } }] : []),
    ]);
  }

  /** Ends a delivery that will not be attempted (its endpoint is gone or disabled). */
  async abandon(id: number): Promise<void> {
    await this.deliveries.update({ id, state: 'pending' }, { state: 'failed', settledAt: Date.now() });
  }

  /** Makes a delivery pending again, retried for `retryForMs` from now, with its webhook-id and body. */
  async reopen(id: number, retryForMs: number): Promise<void> {
    const now = Date.now();
    await this.deliveries.update({ id }, { state: 'pending', settledAt: null, retryUntil: now + retryForMs });
  }

  /** Pending deliveries made before a time, in id order, for the reconciler. */
  pendingBefore(before: number, afterId: number, limit: number): Promise<WebhookDeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where("d.state = 'pending'")
      .andWhere('d.created_at < :before', { before })
      .andWhere('d.id > :afterId', { afterId })
      .orderBy('d.id', 'ASC')
      .take(limit)
      .getMany();
  }
}
