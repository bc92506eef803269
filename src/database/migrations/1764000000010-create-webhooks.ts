import { MigrationInterface, QueryRunner } from 'typeorm';
import { autoIncrementKey } from './auto-increment-key';

/**
 * Webhooks: the endpoints clients register, one delivery per event and
 * endpoint (its webhook-id kept across retries), and every attempt of it.
 */
export class CreateWebhooks1764000000010 implements MigrationInterface {
  name = 'CreateWebhooks1764000000010';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE webhook_endpoints (
      id ${autoIncrementKey(runner)},
      cid bigint NOT NULL,
      url varchar(2048) NOT NULL,
      events varchar(255) NOT NULL,
      secret varchar(255) NOT NULL,
      previous_secret varchar(255),
      previous_secret_until bigint,
      disabled_at bigint,
      disabled_reason varchar(255),
      created_at bigint NOT NULL
    )`);
    await runner.query('CREATE INDEX idx_webhook_endpoints_cid ON webhook_endpoints (cid, id)');
    await runner.query(`CREATE TABLE webhook_deliveries (
      id ${autoIncrementKey(runner)},
      event_id bigint NOT NULL,
      endpoint_id bigint NOT NULL,
      pid bigint NOT NULL,
      cid bigint NOT NULL,
      type varchar(40) NOT NULL,
      message_id varchar(64) NOT NULL,
      body text NOT NULL,
      state varchar(16) NOT NULL,
      created_at bigint NOT NULL,
      retry_until bigint NOT NULL,
      settled_at bigint,
      UNIQUE (event_id, endpoint_id)
    )`);
    await runner.query('CREATE INDEX idx_webhook_deliveries_pid ON webhook_deliveries (pid, id)');
    await runner.query("CREATE INDEX idx_webhook_deliveries_pending ON webhook_deliveries (id) WHERE state = 'pending'");
    await runner.query(`CREATE TABLE webhook_attempts (
      id ${autoIncrementKey(runner)},
      delivery_id bigint NOT NULL,
      at bigint NOT NULL,
      status_code integer,
      latency_ms integer NOT NULL,
      error varchar(255)
    )`);
    await runner.query('CREATE INDEX idx_webhook_attempts_delivery ON webhook_attempts (delivery_id, id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE webhook_attempts');
    await runner.query('DROP TABLE webhook_deliveries');
    await runner.query('DROP TABLE webhook_endpoints');
  }
}
