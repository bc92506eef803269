import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** A submission's Idempotency-Key, its request's fingerprint, and the process it made. */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  cid: number;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  key: string;

  @Column({ type: 'varchar', length: 64 })
  fingerprint: string;

  /** Written with the key, in the transaction that inserts the process. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  pid: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
