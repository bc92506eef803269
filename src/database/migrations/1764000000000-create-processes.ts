import { MigrationInterface, QueryRunner } from 'typeorm';
import { autoIncrementKey } from './auto-increment-key';

const INDEXES = [
  'CREATE INDEX idx_processes_cid_pid ON processes (cid, pid)',
  'CREATE INDEX idx_processes_cid_status_pid ON processes (cid, status, pid)',
  'CREATE INDEX idx_processes_cid_created_at ON processes (cid, created_at)',
  'CREATE INDEX idx_processes_cid_agent_id ON processes (cid, agent_id)',
  'CREATE INDEX idx_processes_cid_campaign_id ON processes (cid, campaign_id)',
  'CREATE INDEX idx_processes_cid_customer_id ON processes (cid, customer_id)',
  'CREATE INDEX idx_processes_status_updated_at ON processes (status, updated_at)',
];

const columns = (pid: string) => `
  pid ${pid},
  cid bigint NOT NULL,
  status smallint NOT NULL,
  statusmsg varchar(2048) NOT NULL,
  progress smallint,
  duration double precision NOT NULL DEFAULT 0,
  created_at bigint NOT NULL,
  updated_at bigint NOT NULL,
  mode smallint NOT NULL,
  source text NOT NULL,
  channels smallint NOT NULL,
  call_direction smallint NOT NULL,
  agent_channel smallint NOT NULL,
  agent_id varchar(256),
  agent_team varchar(256),
  customer_id varchar(256),
  customer_ind varchar(256),
  campaign_id varchar(256),
  name varchar(256),
  ani varchar(256),
  call_type varchar(256),
  call_time varchar(40),
  timezone smallint,
  tags text,
  meta text,
  prediction_mode varchar(256),
  tasks text,
  audio_path varchar(512),
  audio_sha256 varchar(64),
  audio_bytes bigint,
  audio_codec varchar(64),
  sample_rate integer,
  header_duration double precision,
  completed_at bigint`;

/** The processes table and the results written when one completes. */
export class CreateProcesses1764000000000 implements MigrationInterface {
  name = 'CreateProcesses1764000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TABLE processes (${columns(autoIncrementKey(runner))})`);
    for (const index of INDEXES) await runner.query(index);
    await runner.query(`CREATE TABLE process_results (
      pid bigint PRIMARY KEY REFERENCES processes (pid) ON DELETE CASCADE,
      body text NOT NULL,
      created_at bigint NOT NULL
    )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE process_results');
    await runner.query('DROP TABLE processes');
  }
}
