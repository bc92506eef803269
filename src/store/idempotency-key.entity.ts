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

  /** Null while the first request with this key is still being accepted. */
  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  pid: number | null;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
