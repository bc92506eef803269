import { MigrationInterface, QueryRunner } from 'typeorm';
import { autoIncrementKey } from './auto-increment-key';

/**
 * The events of each process (its history), written in the transaction of
 * the transition they record. Those announced to subscribers are the outbox:
 * `dispatched_at` stays NULL until every subscriber has taken them.
 */
export class CreateProcessEvents1764000000009 implements MigrationInterface {
  name = 'CreateProcessEvents1764000000009';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE process_events (
      id ${autoIncrementKey(runner)},
      pid bigint NOT NULL,
      cid bigint NOT NULL,
      type varchar(40) NOT NULL,
      at bigint NOT NULL,
      data text,
      dispatched_at bigint,
      claimed_until bigint
    )`);
    await runner.query('CREATE INDEX idx_process_events_pid ON process_events (pid, id)');
    await runner.query('CREATE INDEX idx_process_events_outbox ON process_events (id) WHERE dispatched_at IS NULL');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE process_events');
  }
}
