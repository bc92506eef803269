import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './column-transformers';

/** The measured results of a completed process, written once with its status. */
@Entity({ name: 'process_results' })
export class ProcessResultEntity {
  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  pid: number;

  /** The analysis's measurements as JSON text. */
  @Column({ type: 'text' })
  body: string;

  /** The version of the analysis that measured them (src/analysis/version.ts). */
  @Column({ name: 'analysis_version', type: 'integer' })
  analysisVersion: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;
}
