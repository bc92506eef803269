import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError, processGone, processNotFound, RETRY_AFTER_SECONDS } from '../common/api-errors';
import { ProcessEvents } from '../events/process-events';
import { ProcessStatus } from '../store/process-status';
import { ProcessFilter, ProcessStore, StoredResult } from '../store/process-store';
import { ProcessEntity } from '../store/process.entity';
import type { ListProcessesQueryDto } from '../validate/list-query.dto';
import { presentHistory, ProcessHistoryDto } from './history.dto';
import { presentProcess } from './present-process';
import type { ProcessDto } from './process.dto';
import { mapResult, ResultDto } from './result.dto';
import { TimelineLinks } from './timeline-links';
import { renderTimeline } from './timeline-svg';

const DEFAULT_PAGE_SIZE = 100;

/** What a client may read back: its processes and their results. */
@Injectable()
export class PublishService {
  constructor(
    private readonly store: ProcessStore,
    private readonly links: TimelineLinks,
    private readonly events: ProcessEvents,
  ) {}

  async list(cid: number, query: ListProcessesQueryDto): Promise<{ processes: ProcessDto[]; total: number }> {
    const { page = 0, pageSize = DEFAULT_PAGE_SIZE, ...rest } = query;
    const filter: ProcessFilter = rest;
    const [rows, total] = await this.store.list(cid, filter, page, pageSize);
    return { processes: rows.map(presentProcess), total };
  }

  async get(cid: number, pid: number): Promise<ProcessDto> {
    return presentProcess(await this.find(cid, pid));
  }

  /** The process's steps with their times, from its receipt on. */
  async history(cid: number, pid: number): Promise<ProcessHistoryDto> {
    const row = await this.find(cid, pid);
    return presentHistory(pid, row.createdAt, await this.events.history(pid));
  }

  /** The result document, with links to what is drawn from it (signed, expiring: see TimelineLinks). */
  async result(cid: number, pid: number): Promise<ResultDto> {
    return mapResult((await this.stored(cid, pid)).result, this.links.sign(cid, pid));
  }

  /** The timeline SVG, headed with the call's agent, time and direction. */
  async timeline(cid: number, pid: number): Promise<string> {
    const { row, result } = await this.stored(cid, pid);
    return renderTimeline({ pid, call: { agentId: row.agentId, calltime: row.calltime, calldirection: row.calldirection }, analysis: result.analysis });
  }

  /**
   * What the worker measured, and with which version of the analysis. A
   * result stays readable while the process is analysed again (reprocess)
   * until the new one replaces it. Without one: 409 once aborted, 410 once
   * the retention removed it, 503 until completed.
   */
  private async stored(cid: number, pid: number): Promise<{ row: ProcessEntity; result: StoredResult }> {
    const row = await this.find(cid, pid);
    const refusal = `Cannot send results for Process with pid ${pid}. The reason is:`;
    const result = await this.store.result(pid);
    if (result) return { row, result };
    if (row.status === ProcessStatus.Aborted) {
      throw new ApiError(HttpStatus.CONFLICT, `${refusal} ${row.statusmsg}`);
    }
    if (row.resultRemovedAt !== null && row.status === ProcessStatus.Completed) {
      throw new ApiError(HttpStatus.GONE, `${refusal} The result was removed after the client's retention period`);
    }
    throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, `${refusal} Waiting for result`, undefined, {
      'Retry-After': String(RETRY_AFTER_SECONDS),
    });
  }

  private async find(cid: number, pid: number): Promise<ProcessEntity> {
    const row = await this.store.findForClient(cid, pid);
    if (!row) throw processNotFound(pid);
    if (row.deletedAt !== null) throw processGone(pid);
    return row;
  }
}
