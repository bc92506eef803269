import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../store/column-transformers';

/** One step in a process's life, written in the transaction of the transition it records. Times are epoch milliseconds. */
@Entity({ name: 'process_events' })
export class ProcessEventEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  id: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  pid: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  cid: number;

  @Column({ type: 'varchar', length: 40 })
  type: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  at: number;

  /** What the step adds (a reason, seconds of audio, a delivery's status code), as JSON. */
  @Column({ type: 'text', nullable: true })
  data: string | null;

  /** When every subscriber took it; NULL while it waits in the outbox. Steps nobody subscribes to are written taken. */
  @Column({ name: 'dispatched_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  dispatchedAt: number | null;

  /** A relay that took the event to dispatch it holds it until then; after that another may take it. */
  @Column({ name: 'claimed_until', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  claimedUntil: number | null;
}
