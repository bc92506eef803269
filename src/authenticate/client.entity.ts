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
}
