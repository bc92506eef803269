import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, hoursAsMinutes, jsonText } from './column-transformers';
import { ProcessMode, ProcessStatus } from './process-status';

/** One submitted call. Times are epoch milliseconds, the same on both databases. */
@Entity({ name: 'processes' })
@Index('idx_processes_cid_pid', ['cid', 'pid'])
@Index('idx_processes_cid_status_pid', ['cid', 'status', 'pid'])
@Index('idx_processes_cid_created_at', ['cid', 'createdAt'])
@Index('idx_processes_cid_agent_id', ['cid', 'agentId'])
@Index('idx_processes_cid_campaign_id', ['cid', 'campaignId'])
@Index('idx_processes_cid_customer_id', ['cid', 'customerId'])
@Index('idx_processes_status_updated_at', ['status', 'updatedAt'])
@Index('idx_processes_kept_audio', ['updatedAt', 'pid'], { where: 'audio_path IS NOT NULL' })
export class ProcessEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'increment', transformer: bigintAsNumber })
  pid: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  cid: number;

  @Column({ type: 'smallint' })
  status: ProcessStatus;

  @Column({ type: 'varchar', length: 2048 })
  statusmsg: string;

  @Column({ type: 'smallint', nullable: true })
  progress: number | null;

  @Column({ type: 'double precision', default: 0 })
  duration: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt: number;

  @Column({ name: 'updated_at', type: 'bigint', transformer: bigintAsNumber })
  updatedAt: number;

  @Column({ type: 'smallint' })
  mode: ProcessMode;

  @Column({ type: 'text' })
  source: string;

  @Column({ type: 'smallint' })
  channels: number;

  @Column({ name: 'call_direction', type: 'smallint' })
  calldirection: number;

  @Column({ name: 'agent_channel', type: 'smallint' })
  agentChannel: number;

  @Column({ name: 'agent_id', type: 'varchar', length: 256, nullable: true })
  agentId: string | null;

  @Column({ name: 'agent_team', type: 'varchar', length: 256, nullable: true })
  agentTeam: string | null;

  @Column({ name: 'customer_id', type: 'varchar', length: 256, nullable: true })
  customerId: string | null;

  @Column({ name: 'customer_ind', type: 'varchar', length: 256, nullable: true })
  customerInd: string | null;

  @Column({ name: 'campaign_id', type: 'varchar', length: 256, nullable: true })
  campaignId: string | null;

  @Column({ type: 'varchar', length: 256, nullable: true })
  name: string | null;

  @Column({ name: 'ani', type: 'varchar', length: 256, nullable: true })
  ANI: string | null;

  @Column({ name: 'call_type', type: 'varchar', length: 256, nullable: true })
  calltype: string | null;

  @Column({ name: 'call_time', type: 'varchar', length: 40, nullable: true })
  calltime: string | null;

  /** UTC offset in hours (5.5 = +05:30), stored as minutes. */
  @Column({ name: 'timezone_minutes', type: 'smallint', nullable: true, transformer: hoursAsMinutes })
  timezone: number | null;

  @Column({ name: 'tags', type: 'text', nullable: true, transformer: jsonText })
  tag: string[] | null;

  @Column({ type: 'text', nullable: true })
  meta: string | null;

  @Column({ name: 'prediction_mode', type: 'varchar', length: 256, nullable: true })
  predictionmode: string | null;

  @Column({ type: 'text', nullable: true })
  tasks: string | null;

  /** Path of the stored audio, relative to the storage directory. */
  @Column({ name: 'audio_path', type: 'varchar', length: 512, nullable: true })
  audioPath: string | null;

  @Column({ name: 'audio_sha256', type: 'varchar', length: 64, nullable: true })
  audioSha256: string | null;

  @Column({ name: 'audio_bytes', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  audioBytes: number | null;

  @Column({ name: 'audio_codec', type: 'varchar', length: 64, nullable: true })
  audioCodec: string | null;

  @Column({ name: 'sample_rate', type: 'integer', nullable: true })
  sampleRate: number | null;

  /** Duration read from the file's header at submission; the worker measures the real one. */
  @Column({ name: 'header_duration', type: 'double precision', nullable: true })
  headerDuration: number | null;

  @Column({ name: 'completed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  completedAt: number | null;

  /** When the process was erased (DELETE): the row stays as a tombstone, without its personal fields. */
  @Column({ name: 'deleted_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  deletedAt: number | null;

  /** How many analyses were started on the process; a worker writes only while it is the one it started. */
  @Column({ type: 'integer', default: 0 })
  runs: number;

  /** When the client's result retention removed the result. */
  @Column({ name: 'result_removed_at', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  resultRemovedAt: number | null;
}
