import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';
import type { Row, Statement } from '../database/atomic-writes';
import { markMethod } from '../common/handler-discovery';
import { ProcessEventEntity } from './process-event.entity';

/**
 * The steps of a process's life. The announced ones (ANNOUNCED) go through
 * the outbox to subscribers (`@OnEvent`) once their transaction committed;
 * the others are its history only.
 */
export const PROCESS_EVENT_TYPES = [
  'process.received',
  'process.queued',
  'process.started',
  'process.decoded',
  'process.analysed',
  'process.completed',
  'process.retrying',
  'process.handed-back',
  'process.failed',
  'process.cancelled',
  'process.reprocessed',
  'process.deleted',
  'process.audio-removed',
  'process.result-removed',
  'webhook.attempted',
] as const;

export type ProcessEventType = (typeof PROCESS_EVENT_TYPES)[number];

/** The events subscribers hear of. */
export const ANNOUNCED: ReadonlySet<ProcessEventType> = new Set<ProcessEventType>([
  'process.completed',
  'process.failed',
  'process.cancelled',
  'process.reprocessed',
  'process.deleted',
  'process.audio-removed',
  'process.result-removed',
]);

export interface ProcessEvent {
  type: ProcessEventType;
  pid: number;
  cid: number;
  /** Epoch milliseconds; now when left out. */
  at?: number;
  data?: Record<string, unknown>;
}

/** An event as subscribers get it. */
export interface RecordedEvent extends Required<Omit<ProcessEvent, 'data'>> {
  id: number;
  data: Record<string, unknown> | null;
}

const EVENT_HANDLER = 'oliver:event-handler';
export { EVENT_HANDLER };

/**
 * Marks a method that hears of an announced event, after its transaction
 * committed. It may hear of one event more than once (a relay that died
 * before it noted the dispatch): what it does must be idempotent or
 * harmless when repeated. A throw leaves the event in the outbox for a
 * later pass, and every subscriber hears of it again then.
 */
export const OnEvent = (...types: ProcessEventType[]) => markMethod(EVENT_HANDLER, types);

/**
 * Writes the events of a process. Record an event in the transaction of its
 * transition (`record(manager, …)`, or `step(…)` among AtomicWrites steps),
 * and call `announce()` once that transaction committed; an announcement
 * lost to a crash is made by the relay's next pass instead.
 */
@Injectable()
export class ProcessEvents {
  private readonly events: Repository<ProcessEventEntity>;
  private listener?: () => void;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.events = dataSource.getRepository(ProcessEventEntity);
  }

  /** Records an event inside the caller's transaction. */
  async record(manager: EntityManager, event: ProcessEvent): Promise<void> {
    await manager.insert(ProcessEventEntity, this.row(event));
  }

  /** Records an event in a transaction of its own: for steps no other write goes with. */
  async recordAlone(event: ProcessEvent): Promise<void> {
    await this.events.insert(this.row(event));
    if (ANNOUNCED.has(event.type)) this.announce();
  }

  /**
   * The AtomicWrites step that records an event; the event may be built from
   * the rows earlier steps returned (a new pid), and none is written when it
   * is built as null (the transition did not happen).
   */
  step(event: ProcessEvent | ((earlier: Row[][]) => ProcessEvent | null)): (earlier: Row[][]) => Statement {
    return (earlier) => {
      const built = typeof event === 'function' ? event(earlier) : event;
      if (!built) return { sql: 'SELECT 1 WHERE 1 = 0' };
      const row = this.row(built);
      return {
        sql: 'INSERT INTO process_events (pid, cid, type, at, data, dispatched_at) VALUES (:pid, :cid, :type, :at, :data, :dispatchedAt)',
        parameters: { ...row },
      };
    };
  }

  /** Tells the relay that announced events were committed. */
  announce(): void {
    this.listener?.();
  }

  /** For the relay: called on every announce(). */
  onAnnounce(listener: () => void): void {
    this.listener = listener;
  }

  /** A process's events, in the order they happened. */
  history(pid: number): Promise<ProcessEventEntity[]> {
    return this.events.find({ where: { pid }, order: { at: 'ASC', id: 'ASC' } });
  }

  private row(event: ProcessEvent): Omit<ProcessEventEntity, 'id' | 'claimedUntil'> {
    const at = event.at ?? Date.now();
    return { pid: event.pid, cid: event.cid, type: event.type, at, data: event.data ? JSON.stringify(event.data) : null, dispatchedAt: ANNOUNCED.has(event.type) ? null : at };
  }
}
