import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { AtomicWrites, Row, Statement, Step, Undone } from '../database/atomic-writes';
import { ProcessEvents, ProcessEventType } from '../events/process-events';
import type { CallAnalysis } from '../analysis/call-analyser';
import { ProcessResultEntity } from './process-result.entity';
import { ProcessStatus, STATUS_MESSAGES } from './process-status';
import { ProcessEntity } from './process.entity';

/** A stored result: what the analysis measured, and which version of it (src/analysis/version.ts). */
export interface StoredResult {
  analysis: CallAnalysis;
  analysisVersion: number;
}

export type NewProcess = Omit<ProcessEntity, 'pid' | 'status' | 'statusmsg' | 'progress' | 'duration' | 'createdAt' | 'updatedAt' | 'completedAt'>;

export interface ProcessFilter {
  status?: number;
  agentId?: string;
  campaignId?: string;
  customerId?: string;
  /** Epoch milliseconds, inclusive. */
  from?: number;
  to?: number;
}

const SETTLED = [ProcessStatus.Completed, ProcessStatus.Aborted];

/** Where a walk through kept audio stands: the last (updatedAt, pid) seen. */
export interface AudioCursor {
  updatedAt: number;
  pid: number;
}

/** Every read and write of processes and their results. */
@Injectable()
export class ProcessStore {
  private readonly processes: Repository<ProcessEntity>;
  private readonly insertSql: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: AtomicWrites,
    private readonly events: ProcessEvents,
  ) {
    this.processes = dataSource.getRepository(ProcessEntity);
    this.insertSql = this.buildInsert();
  }

  /**
   * One plain INSERT … RETURNING, built once from the entity's columns: the
   * submit path is hot, and the ORM's save() plans the same statement anew
   * for every call.
   */
  private buildInsert(): string {
    const columns = this.insertedColumns().map((c) => c.databaseName);
    return `INSERT INTO processes (${columns.join(', ')}) VALUES (${columns.map((_, i) => `:v${i}`).join(', ')}) RETURNING pid`;
  }

  private insertedColumns() {
    return this.processes.metadata.columns.filter((c) => !c.isGenerated);
  }

  /** A new process at status 0, not yet written: insertStep writes it. */
  pending(fields: NewProcess): ProcessEntity {
    const now = Date.now();
    return this.processes.create({
      ...fields,
      status: ProcessStatus.Pending,
      statusmsg: STATUS_MESSAGES[ProcessStatus.Pending],
      progress: null,
      duration: 0,
      createdAt: now,
      updatedAt: now,
      completedAt: null,
    });
  }

  /** The step that inserts a pending process; its one row carries the new `pid`. */
  insertStep(row: ProcessEntity): Statement {
    const parameters = Object.fromEntries(this.insertedColumns().map((c, i) => [`v${i}`, c.getEntityValue(row, true) ?? null]));
    return { sql: this.insertSql, parameters, rows: 1 };
  }

  /** The step that removes a process that was refused (never queued, never run). */
  deleteStep(pid: number): Statement {
    return { sql: 'DELETE FROM processes WHERE pid = :pid', parameters: { pid } };
  }

  find(pid: number): Promise<ProcessEntity | null> {
    return this.processes.findOneBy({ pid });
  }

  findForClient(cid: number, pid: number): Promise<ProcessEntity | null> {
    return this.processes.findOneBy({ pid, cid });
  }

  async list(cid: number, filter: ProcessFilter, page: number, pageSize: number): Promise<[ProcessEntity[], number]> {
    const query = this.processes.createQueryBuilder('p').where('p.cid = :cid', { cid });
    if (filter.status !== undefined) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.agentId !== undefined) query.andWhere('p.agent_id = :agentId', { agentId: filter.agentId });
    if (filter.campaignId !== undefined) query.andWhere('p.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.customerId !== undefined) query.andWhere('p.customer_id = :customerId', { customerId: filter.customerId });
    if (filter.from !== undefined) query.andWhere('p.created_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('p.created_at <= :to', { to: filter.to });
    return query.orderBy('p.pid', 'DESC').skip(page * pageSize).take(pageSize).getManyAndCount();
  }

  /**
   * Status 0/1/-1 → 1; returns false when the process is gone or already
   * settled. `queuedAt` (epoch milliseconds), when given, is when its job was
   * queued, written to its history with the start: the worker learns it from
   * the job, so the submission writes nothing more for it.
   */
  markProcessing(pid: number, queuedAt?: number): Promise<boolean> {
    const queued = queuedAt === undefined ? [] : [(cid: number) => this.events.step({ type: 'process.queued', pid, cid, at: queuedAt })];
    return this.transition(pid, { status: ProcessStatus.Processing, statusmsg: STATUS_MESSAGES[ProcessStatus.Processing], progress: 0 }, 'process.started', { also: queued });
  }

  async setProgress(pid: number, progress: number): Promise<void> {
    await this.processes.update({ pid, status: ProcessStatus.Processing }, { progress, updatedAt: Date.now() });
  }

  async setHeader(pid: number, header: Pick<ProcessEntity, 'audioCodec' | 'sampleRate' | 'headerDuration' | 'audioBytes' | 'audioSha256'>): Promise<void> {
    await this.processes.update({ pid }, { ...header, updatedAt: Date.now() });
  }

  /**
   * Writes the result and status 2 in one transaction, once: a second
   * completion of the same process changes nothing and returns false.
   * `analysedAt` (epoch milliseconds) is when the analysis finished, for the
   * process's history.
   */
  async complete(pid: number, duration: number, result: StoredResult, analysedAt = Date.now()): Promise<boolean> {
    const now = Date.now();
    return this.transition(pid, { status: ProcessStatus.Completed, statusmsg: STATUS_MESSAGES[ProcessStatus.Completed], duration, progress: null, completed_at: now }, 'process.completed', {
      now,
      data: { duration },
      also: [
        () => ({ sql: 'INSERT INTO process_results (pid, body, analysis_version, created_at) VALUES (:pid, :body, :version, :now)', parameters: { pid, body: JSON.stringify(result.analysis), version: result.analysisVersion, now } }),
        (cid) => this.events.step({ type: 'process.analysed', pid, cid, at: analysedAt }),
      ],
    });
  }

  async failForNow(pid: number, reason: string): Promise<void> {
    await this.settleAs(pid, ProcessStatus.FailedForNow, reason);
  }

  /** Back to Pending: a stopping worker returned the job to the queue unfinished. */
  async handBack(pid: number): Promise<void> {
    await this.settleAs(pid, ProcessStatus.Pending, STATUS_MESSAGES[ProcessStatus.Pending]);
  }

  async abort(pid: number, reason: string): Promise<void> {
    await this.settleAs(pid, ProcessStatus.Aborted, reason);
  }

  /** A step of a process that changes none of its columns (decoded), for its history; nothing when the process is gone. */
  async noteStep(pid: number, type: 'process.decoded', at = Date.now()): Promise<void> {
    // One statement: the cid is copied from the process row, so a step of a process already gone writes nothing.
    await this.writes.run([
      {
        sql: 'INSERT INTO process_events (pid, cid, type, at, dispatched_at) SELECT pid, cid, :type, :at, :at FROM processes WHERE pid = :pid',
        parameters: { pid, type, at },
      },
    ]);
  }

  async result(pid: number): Promise<StoredResult | null> {
    const row = await this.dataSource.getRepository(ProcessResultEntity).findOneBy({ pid });
    return row ? { analysis: JSON.parse(row.body) as CallAnalysis, analysisVersion: row.analysisVersion } : null;
  }

  /**
   * Settled processes whose audio is still on disk and that settled before a
   * time, oldest first, after the (updatedAt, pid) of the last one seen.
   */
  audioSettledBefore(settledBefore: number, after: AudioCursor, limit: number): Promise<Pick<ProcessEntity, 'pid' | 'audioPath' | 'updatedAt'>[]> {
    return this.processes
      .createQueryBuilder('p')
      .select(['p.pid', 'p.audioPath', 'p.updatedAt'])
      .where('p.audio_path IS NOT NULL')
      .andWhere('p.updated_at < :before', { before: settledBefore })
      .andWhere('(p.updated_at > :afterTime OR (p.updated_at = :afterTime AND p.pid > :afterPid))', { afterTime: after.updatedAt, afterPid: after.pid })
      .andWhere('p.status IN (:...statuses)', { statuses: SETTLED })
      .orderBy('p.updated_at', 'ASC')
      .addOrderBy('p.pid', 'ASC')
      .take(limit)
      .getMany();
  }

  /** Records that a process's audio file was removed (announced as process.audio-removed). */
  async forgetAudio(pid: number, audioPath: string): Promise<void> {
    const [forgotten] = await this.writes.run([
      { sql: 'UPDATE processes SET audio_path = NULL WHERE pid = :pid AND audio_path = :audioPath RETURNING cid', parameters: { pid, audioPath } },
      this.events.step((earlier) => (earlier[0].length ? { type: 'process.audio-removed', pid, cid: Number(earlier[0][0].cid) } : null)),
    ]);
    if (forgotten.length) this.events.announce();
  }

  /** Processes not yet settled and untouched for a while, in pid order, for the reconciler. */
  unsettled(untouchedSince: number, afterPid: number, limit: number): Promise<Pick<ProcessEntity, 'pid'>[]> {
    return this.processes
      .createQueryBuilder('p')
      .select('p.pid')
      .where('p.status IN (:...statuses)', { statuses: [ProcessStatus.Pending, ProcessStatus.Processing, ProcessStatus.FailedForNow] })
      .andWhere('p.updated_at < :since', { since: untouchedSince })
      .andWhere('p.pid > :afterPid', { afterPid })
      .orderBy('p.pid', 'ASC')
      .take(limit)
      .getMany();
  }

  private async settleAs(pid: number, status: SettledOrBack, reason: string): Promise<void> {
    await this.transition(pid, { status, statusmsg: reason.slice(0, 2000), progress: null }, SETTLE_EVENTS[status], { data: { reason } });
  }

  /**
   * Changes an unsettled process's columns and records the event of the
   * change in the same transaction (with `also`'s statements, built from
   * the process's cid), then announces it; returns false, with nothing
   * written, when the process is gone or already settled.
   */
  private async transition(
    pid: number,
    columns: Record<string, string | number | null>,
    type: ProcessEventType,
    options: { now?: number; data?: Record<string, unknown>; also?: ((cid: number) => Step)[] } = {},
  ): Promise<boolean> {
    const now = options.now ?? Date.now();
    const names = Object.keys(columns);
    const cidOf = (earlier: Row[][]) => Number(earlier[0][0].cid);
    const steps: Step[] = [
      {
        sql: `UPDATE processes SET ${names.map((name) => `${name} = :${name}`).join(', ')}, updated_at = :now WHERE pid = :pid AND status NOT IN (${SETTLED.join(', ')}) RETURNING cid`,
        parameters: { ...columns, now, pid },
        rows: 1,
      },
      ...(options.also ?? []).map((build) => (earlier: Row[][]) => resolveStep(build(cidOf(earlier)), earlier)),
      this.events.step((earlier) => ({ type, pid, cid: cidOf(earlier), at: now, data: options.data })),
    ];
    try {
      await this.writes.run(steps);
    } catch (error) {
      if (error instanceof Undone && error.step === 0) return false;
      throw error;
    }
    this.events.announce();
    return true;
  }
}

const resolveStep = (step: Step, earlier: Row[][]): Statement => (typeof step === 'function' ? step(earlier) : step);

type SettledOrBack = ProcessStatus.Aborted | ProcessStatus.FailedForNow | ProcessStatus.Pending;

/** The event of each status a process settles or falls back to. */
const SETTLE_EVENTS: Record<SettledOrBack, ProcessEventType> = {
  [ProcessStatus.Aborted]: 'process.failed',
  [ProcessStatus.FailedForNow]: 'process.retrying',
  [ProcessStatus.Pending]: 'process.handed-back',
};
