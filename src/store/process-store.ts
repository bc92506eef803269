import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, LessThan, Repository } from 'typeorm';
import { ClientEntity } from '../authenticate/client.entity';
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

export type NewProcess = Omit<ProcessEntity, 'pid' | 'status' | 'statusmsg' | 'progress' | 'duration' | 'createdAt' | 'updatedAt' | 'completedAt' | 'deletedAt' | 'runs' | 'resultRemovedAt'>;

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
const UNSETTLED = [ProcessStatus.Pending, ProcessStatus.Processing, ProcessStatus.FailedForNow];

/** What a cancelled process says. */
export const CANCELLED_MESSAGE = 'Cancelled';
/** What an erased process says. */
export const DELETED_MESSAGE = 'Deleted';

/**
 * The fields an erasure blanks: who called whom, what they said about the
 * call, and where its audio came from. `source` is NOT NULL: it becomes ''.
 */
const PERSONAL_FIELDS = {
  agentId: null,
  agentTeam: null,
  customerId: null,
  customerInd: null,
  name: null,
  ANI: null,
  tag: null,
  meta: null,
  source: '',
  audioSha256: null,
} satisfies Partial<ProcessEntity>;

/** Whose audio a retention pass walks: one client with its own retention, or every client without one. */
export type RetentionScope = { cid: number } | 'default';

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
      deletedAt: null,
      runs: 0,
      resultRemovedAt: null,
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
    // Erased processes are tombstones, not calls: lists leave them out.
    const query = this.processes.createQueryBuilder('p').where('p.cid = :cid', { cid }).andWhere('p.deleted_at IS NULL');
    if (filter.status !== undefined) query.andWhere('p.status = :status', { status: filter.status });
    if (filter.agentId !== undefined) query.andWhere('p.agent_id = :agentId', { agentId: filter.agentId });
    if (filter.campaignId !== undefined) query.andWhere('p.campaign_id = :campaignId', { campaignId: filter.campaignId });
    if (filter.customerId !== undefined) query.andWhere('p.customer_id = :customerId', { customerId: filter.customerId });
    if (filter.from !== undefined) query.andWhere('p.created_at >= :from', { from: filter.from });
    if (filter.to !== undefined) query.andWhere('p.created_at <= :to', { to: filter.to });
    return query.orderBy('p.pid', 'DESC').skip(page * pageSize).take(pageSize).getManyAndCount();
  }

  /**
   * Status 0/1/-1 → 1, starting run `row.runs + 1`: returns its number, or
   * null when the process is gone, settled, erased or was taken meanwhile.
   * Every later write of the worker names its run, so a run that was
   * cancelled, erased or followed by a re-analysis writes nothing.
   * `queuedAt` (epoch milliseconds), when given, is when its job was queued,
   * written to its history with the start: the worker learns it from the
   * job, so the submission writes nothing more for it.
   */
  async markProcessing(row: Pick<ProcessEntity, 'pid' | 'runs'>, queuedAt?: number): Promise<number | null> {
    const run = row.runs + 1;
    const pid = row.pid;
    const queued = queuedAt === undefined ? [] : [(cid: number) => this.events.step({ type: 'process.queued', pid, cid, at: queuedAt })];
    const started = await this.transition(
      pid,
      { status: ProcessStatus.Processing, statusmsg: STATUS_MESSAGES[ProcessStatus.Processing], progress: 0, runs: run },
      'process.started',
      { runs: row.runs, also: queued },
    );
    return started ? run : null;
  }

  /** Whether run `run` of the process is still the one processing it (not cancelled, erased or replaced). */
  async isRunning(pid: number, run: number): Promise<boolean> {
    return this.processes.existsBy({ pid, runs: run, status: ProcessStatus.Processing, deletedAt: IsNull() });
  }

  async setProgress(pid: number, run: number, progress: number): Promise<void> {
    await this.processes.update({ pid, runs: run, status: ProcessStatus.Processing }, { progress, updatedAt: Date.now() });
  }

  async setHeader(pid: number, run: number, header: Pick<ProcessEntity, 'audioCodec' | 'sampleRate' | 'headerDuration' | 'audioBytes' | 'audioSha256'>): Promise<void> {
    await this.processes.update({ pid, runs: run, deletedAt: IsNull() }, { ...header, updatedAt: Date.now() });
  }

  /**
   * Writes the result and status 2 in one transaction, once per run, and
   * only while the run is still current: a cancelled, erased or replaced
   * run changes nothing and returns false. An earlier result (before a
   * re-analysis) is replaced in the same transaction, so readers see the
   * old one or the new one, never none. `analysedAt` (epoch milliseconds)
   * is when the analysis finished, for the process's history.
   */
  async complete(pid: number, run: number, duration: number, result: StoredResult, analysedAt = Date.now()): Promise<boolean> {
    const now = Date.now();
    const columns = { status: ProcessStatus.Completed, statusmsg: STATUS_MESSAGES[ProcessStatus.Completed], duration, progress: null, completed_at: now, result_removed_at: null };
    return this.transition(pid, columns, 'process.completed', {
      runs: run,
      statuses: [ProcessStatus.Processing],
      now,
      data: { duration },
      also: [
        () => ({ sql: 'DELETE FROM process_results WHERE pid = :pid', parameters: { pid } }),
        () => ({ sql: 'INSERT INTO process_results (pid, body, analysis_version, created_at) VALUES (:pid, :body, :version, :now)', parameters: { pid, body: JSON.stringify(result.analysis), version: result.analysisVersion, now } }),
        (cid) => this.events.step({ type: 'process.analysed', pid, cid, at: analysedAt }),
      ],
    });
  }

  /** `run`: the worker's run (markProcessing); the write is skipped when that run is no longer current. */
  async failForNow(pid: number, reason: string, run?: number): Promise<void> {
    await this.settleAs(pid, ProcessStatus.FailedForNow, reason, run);
  }

  /** Back to Pending: a stopping worker returned the job to the queue unfinished. */
  async handBack(pid: number, run?: number): Promise<void> {
    await this.settleAs(pid, ProcessStatus.Pending, STATUS_MESSAGES[ProcessStatus.Pending], run);
  }

  async abort(pid: number, reason: string, run?: number): Promise<void> {
    await this.settleAs(pid, ProcessStatus.Aborted, reason, run);
  }

  /** Pending, processing or failed for now → -2 "Cancelled"; false when the process was not in one of those. */
  cancel(cid: number, pid: number): Promise<boolean> {
    return this.transition(pid, { status: ProcessStatus.Aborted, statusmsg: CANCELLED_MESSAGE, progress: null }, 'process.cancelled', { cid });
  }

  /**
   * A settled process whose audio is kept → 0, for another analysis. Its
   * result (if any) stays until the new one replaces it. False when the
   * process is not settled, is erased or its audio is gone.
   */
  requeue(cid: number, pid: number): Promise<boolean> {
    const columns = { status: ProcessStatus.Pending, statusmsg: STATUS_MESSAGES[ProcessStatus.Pending], progress: null };
    return this.transition(pid, columns, 'process.reprocessed', { cid, statuses: SETTLED, audioKept: true });
  }

  /**
   * Erases a process in one transaction: status -2 "Deleted" (so no run
   * writes again), its personal fields blanked and its result removed. The
   * row stays as a tombstone with its audio path, which forgetAudio clears
   * once the file is gone; process.deleted is recorded in the same
   * transaction and announced after it. Idempotent; returns the audio path still to
   * remove and whether this call erased it, or undefined when the client
   * has no such process.
   */
  async erase(cid: number, pid: number): Promise<{ audioPath: string | null; erasedNow: boolean } | undefined> {
    const outcome = await this.dataSource.transaction(async (manager: EntityManager) => {
      const now = Date.now();
      const erased = await manager.update(
        ProcessEntity,
        { pid, cid, deletedAt: IsNull() },
        { ...PERSONAL_FIELDS, status: ProcessStatus.Aborted, statusmsg: DELETED_MESSAGE, progress: null, deletedAt: now, updatedAt: now },
      );
      const row = await manager.findOne(ProcessEntity, { select: { pid: true, audioPath: true }, where: { pid, cid } });
      if (!row) return undefined;
      await manager.delete(ProcessResultEntity, { pid });
      const erasedNow = (erased.affected ?? 0) > 0;
      // Announced once, by the DELETE that erased it; the event carries nothing of the call.
      if (erasedNow) await this.events.record(manager, { type: 'process.deleted', pid, cid, at: now });
      return { audioPath: row.audioPath, erasedNow };
    });
    if (outcome?.erasedNow) this.events.announce();
    return outcome;
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
  audioSettledBefore(settledBefore: number, after: AudioCursor, limit: number, scope: RetentionScope = 'default'): Promise<Pick<ProcessEntity, 'pid' | 'audioPath' | 'updatedAt'>[]> {
    const query = this.processes.createQueryBuilder('p');
    if (scope === 'default') query.where('p.cid NOT IN (SELECT c.cid FROM clients c WHERE c.audio_retention_days IS NOT NULL)');
    else query.where('p.cid = :cid', { cid: scope.cid });
    return query
      .select(['p.pid', 'p.audioPath', 'p.updatedAt'])
      .andWhere('p.audio_path IS NOT NULL')
      .andWhere('p.updated_at < :before', { before: settledBefore })
      .andWhere('(p.updated_at > :afterTime OR (p.updated_at = :afterTime AND p.pid > :afterPid))', { afterTime: after.updatedAt, afterPid: after.pid })
      .andWhere('p.status IN (:...statuses)', { statuses: SETTLED })
      .orderBy('p.updated_at', 'ASC')
      .addOrderBy('p.pid', 'ASC')
      .take(limit)
      .getMany();
  }

  /** The clients that set their own retention (see ClientEntity). */
  retentionOverrides(): Promise<Pick<ClientEntity, 'cid' | 'audioRetentionDays' | 'resultRetentionDays'>[]> {
    return this.dataSource
      .getRepository(ClientEntity)
      .createQueryBuilder('c')
      .select(['c.cid', 'c.audioRetentionDays', 'c.resultRetentionDays'])
      .where('c.audio_retention_days IS NOT NULL OR c.result_retention_days IS NOT NULL')
      .getMany();
  }

  /** A client's processes whose result was written before a time and is still kept, in pid order after `afterPid`. */
  async resultsCompletedBefore(cid: number, completedBefore: number, afterPid: number, limit: number): Promise<number[]> {
    const rows = await this.processes
      .createQueryBuilder('p')
      .select('p.pid')
      .where('p.cid = :cid', { cid })
      .andWhere('p.completed_at < :before', { before: completedBefore })
      .andWhere('p.result_removed_at IS NULL')
      .andWhere('p.deleted_at IS NULL')
      .andWhere('p.status IN (:...statuses)', { statuses: SETTLED })
      .andWhere('p.pid > :afterPid', { afterPid })
      .orderBy('p.pid', 'ASC')
      .take(limit)
      .getMany();
    return rows.map((row) => row.pid);
  }

  /**
   * Removes a settled process's result written before a time, and records
   * when (announced as process.result-removed); false when the process changed meanwhile (analysed again, erased).
   */
  async removeResult(pid: number, completedBefore: number): Promise<boolean> {
    const removed = await this.dataSource.transaction(async (manager: EntityManager) => {
      const now = Date.now();
      const marked = await manager.update(
        ProcessEntity,
        { pid, status: In(SETTLED), deletedAt: IsNull(), resultRemovedAt: IsNull(), completedAt: LessThan(completedBefore) },
        { resultRemovedAt: now },
      );
      if ((marked.affected ?? 0) === 0) return false;
      await manager.delete(ProcessResultEntity, { pid });
      const { cid } = await manager.findOneOrFail(ProcessEntity, { select: { cid: true }, where: { pid } });
      await this.events.record(manager, { type: 'process.result-removed', pid, cid, at: now });
      return true;
    });
    if (removed) this.events.announce();
    return removed;
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

  private async settleAs(pid: number, status: SettledOrBack, reason: string, run?: number): Promise<void> {
    await this.transition(pid, { status, statusmsg: reason.slice(0, 2000), progress: null }, SETTLE_EVENTS[status], { runs: run, data: { reason } });
  }

  /**
   * Changes a process's columns and records the event of the change in the
   * same transaction (with `also`'s statements, built from the process's
   * cid), then announces it; returns false, with nothing written, when the
   * process is gone, erased or not in one of `statuses` (by default the
   * unsettled ones), or when `runs` or `cid` are given and differ.
   */
  private async transition(
    pid: number,
    columns: Record<string, string | number | null>,
    type: ProcessEventType,
    options: Transition = {},
  ): Promise<boolean> {
    const now = options.now ?? Date.now();
    const names = Object.keys(columns);
    const cidOf = (earlier: Row[][]) => Number(earlier[0][0].cid);
    const conditions = [
      'pid = :pid',
      'deleted_at IS NULL',
      `status IN (${(options.statuses ?? UNSETTLED).join(', ')})`,
      ...(options.runs !== undefined ? ['runs = :expectedRuns'] : []),
      ...(options.cid !== undefined ? ['cid = :expectedCid'] : []),
      ...(options.audioKept ? ['audio_path IS NOT NULL'] : []),
    ];
    const steps: Step[] = [
      {
        sql: `UPDATE processes SET ${names.map((name) => `${name} = :${name}`).join(', ')}, updated_at = :now WHERE ${conditions.join(' AND ')} RETURNING cid`,
        parameters: { ...columns, now, pid, expectedRuns: options.runs, expectedCid: options.cid },
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

interface Transition {
  /** Epoch milliseconds of the change; now when left out. */
  now?: number;
  data?: Record<string, unknown>;
  also?: ((cid: number) => Step)[];
  /** The statuses the change may start from; the unsettled ones when left out. */
  statuses?: ProcessStatus[];
  /** Only while the process is at this run (see markProcessing). */
  runs?: number;
  /** Only when the process is this client's. */
  cid?: number;
  /** Only while the process's audio is kept. */
  audioKept?: boolean;
}

const resolveStep = (step: Step, earlier: Row[][]): Statement => (typeof step === 'function' ? step(earlier) : step);

type SettledOrBack = ProcessStatus.Aborted | ProcessStatus.FailedForNow | ProcessStatus.Pending;

/** The event of each status a process settles or falls back to. */
const SETTLE_EVENTS: Record<SettledOrBack, ProcessEventType> = {
  [ProcessStatus.Aborted]: 'process.failed',
  [ProcessStatus.FailedForNow]: 'process.retrying',
  [ProcessStatus.Pending]: 'process.handed-back',
};
