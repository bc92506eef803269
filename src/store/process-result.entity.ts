import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** The measured results of a completed process, written once with its status. */
@Entity({ name: 'process_results' })
export class ProcessResultEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  pid: number;

  /** The result document as JSON text. */
  @Column({ type: 'text' })
  body: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
