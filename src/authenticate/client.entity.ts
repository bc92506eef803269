import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../store/column-transformers';

/** A tenant of the service. Its token is kept only as a SHA-256 hash. */
@Entity({ name: 'clients' })
export class ClientEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  cid: number;

  @Column({ type: 'varchar', length: 256 })
  name: string;

  @Index('idx_clients_token_hash', { unique: true })
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'disabled_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  disabledAt: number | null;

  /** Days the audio of a settled call is kept; null: the service's AUDIO_RETENTION_DAYS. 0 keeps it. */
  @Column({ name: 'audio_retention_days', type: 'integer', nullable: true })
  audioRetentionDays: number | null;

  /** Days the result of a completed call is kept; null or 0: kept until the process is deleted. */
  @Column({ name: 'result_retention_days', type: 'integer', nullable: true })
  resultRetentionDays: number | null;
}
