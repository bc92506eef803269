import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../store/column-transformers';

/** A URL a client asked to be told of its processes' events at. Times are epoch milliseconds. */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  id: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  cid: number;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  /** The event types wanted, comma-separated. */
  @Column({ type: 'varchar', length: 255 })
  events: string;

  /** The signing secret as stored (see WebhookSecrets: sealed with WEBHOOK_SECRETS_KEY when set). */
  @Column({ type: 'varchar', length: 255 })
  secret: string;

  /** The secret before the last rotation, still signing beside the new one until `previousSecretUntil`. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 255, nullable: true })
  previousSecret: string | null;

  @Column({ name: 'previous_secret_until', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  previousSecretUntil: number | null;

  /** Set when the receiver answered 410 Gone: nothing more is sent until the client enables it again. */
  @Column({ name: 'disabled_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  disabledAt: number | null;

  @Column({ name: 'disabled_reason', type: 'varchar', length: 255, nullable: true })
  disabledReason: string | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One event for one endpoint: one webhook-id and one body, however many attempts it takes. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  id: number;

  @Column({ name: 'event_id', type: 'bigint', transformer: bigintAsNumber })
  eventId: number;

  @Column({ name: 'endpoint_id', type: 'bigint', transformer: bigintAsNumber })
  endpointId: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  pid: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  cid: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  /** The webhook-id header: the same on every attempt, so receivers can drop repeats. */
  @Column({ name: 'message_id', type: 'varchar', length: 64 })
  messageId: string;

  /** The JSON body, made once when the event was dispatched. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  state: DeliveryState;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  /** Attempts stop after this (WEBHOOK_RETRY_HOURS after the event, or after a redelivery was asked for). */
  @Column({ name: 'retry_until', type: 'bigint', transformer: bigintAsNumber })
  retryUntil: number;

  @Column({ name: 'settled_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  settledAt: number | null;
}

/** One try of a delivery. */
@Entity({ name: 'webhook_attempts' })
export class WebhookAttemptEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  id: number;

  @Column({ name: 'delivery_id', type: 'bigint', transformer: bigintAsNumber })
  deliveryId: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  at: number;

  /** The receiver's HTTP status; null when none came (refused, timed out, connection broke). */
  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode: number | null;

  /** Milliseconds from sending to the answer (or the failure). */
  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs: number;

  @Column({ type: 'varchar', length: 255, nullable: true })
  error: string | null;
}
