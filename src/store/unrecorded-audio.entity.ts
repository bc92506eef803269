import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/**
 * A recording in the store that no process row records yet: listed before an
 * upload is moved into the store, taken off in the transaction that commits
 * its row. One left here belongs to a request that died or was refused.
 */
@Entity({ name: 'unrecorded_audio' })
export class UnrecordedAudioEntity {
  /** Relative to the storage directory. */
  @PrimaryColumn({ type: 'varchar', length: 512 })
  path: string;

  /** Epoch milliseconds when it was listed; 0 once its removal has begun. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  since: number;
}
