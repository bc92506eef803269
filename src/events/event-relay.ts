import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, IsNull, Repository } from 'typeorm';
import { HandlerDiscovery } from '../common/handler-discovery';
import { ReconcileStage, Reconciles } from '../queue/reconciler';
import { ProcessEventEntity } from './process-event.entity';
import { EVENT_HANDLER, ProcessEvents, ProcessEventType, RecordedEvent } from './process-events';

const BATCH = 100;
/** How long a relay holds an event it took; a relay that died with it leaves it to another after this. */
const CLAIM_MS = 60_000;

type Subscriber = { name: string; call: (event: RecordedEvent) => unknown };

/**
 * Hands announced events from the outbox to their subscribers, in the order
 * they were recorded: at once when the writer announces them, and on every
 * pass of the reconciler (for events whose writer died before announcing).
 * Several relays (API and worker nodes) may run: each takes an event before
 * dispatching it, so two do not both dispatch it, unless one died holding it.
 */
@Injectable()
@Reconciles()
export class EventRelay implements OnApplicationBootstrap, OnModuleDestroy, ReconcileStage {
  private readonly logger = new Logger(EventRelay.name);
  private readonly outbox: Repository<ProcessEventEntity>;
  private subscribers = new Map<ProcessEventType, Subscriber[]>();
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly events: ProcessEvents,
    private readonly discovery: HandlerDiscovery,
  ) {
    this.outbox = dataSource.getRepository(ProcessEventEntity);
  }

  onApplicationBootstrap(): void {
    for (const { name, mark, call } of this.discovery.methods<ProcessEventType[]>(EVENT_HANDLER)) {
      for (const type of mark) this.subscribers.set(type, [...(this.subscribers.get(type) ?? []), { name, call }]);
    }
    this.events.onAnnounce(() => void this.dispatch());
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  reconcile(): Promise<number> {
    return this.dispatch();
  }

  /** Dispatches what waits in the outbox; a call while a pass runs makes it go round once more. */
  dispatch(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  private async drain(): Promise<number> {
    let dispatched = 0;
    try {
      do {
        this.again = false;
        for (let batch = await this.waiting(); batch.length > 0 && !this.stopped; batch = await this.waiting()) {
          let progressed = false;
          for (const event of batch) {
            if (await this.dispatchOne(event)) {
              dispatched++;
              progressed = true;
            }
          }
          if (!progressed) break;
        }
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.warn(`Dispatching events stopped early, the next pass goes on: ${(error as Error).message}`);
    }
    return dispatched;
  }

  private waiting(): Promise<ProcessEventEntity[]> {
    return this.outbox
      .createQueryBuilder('e')
      .where('e.dispatched_at IS NULL')
      .andWhere(new Brackets((q) => q.where('e.claimed_until IS NULL').orWhere('e.claimed_until < :now', { now: Date.now() })))
      .orderBy('e.id', 'ASC')
      .take(BATCH)
      .getMany();
  }

  /** Takes the event, hands it to each subscriber, and notes it dispatched; false when another relay holds it or a subscriber failed. */
  private async dispatchOne(event: ProcessEventEntity): Promise<boolean> {
    const now = Date.now();
    const taken = await this.outbox
      .createQueryBuilder()
      .update()
      .set({ claimedUntil: now + CLAIM_MS })
      .where('id = :id AND dispatched_at IS NULL', { id: event.id })
      .andWhere(new Brackets((q) => q.where('claimed_until IS NULL').orWhere('claimed_until < :now', { now })))
      .execute();
    if (!taken.affected) return false;
    const recorded: RecordedEvent = { id: event.id, type: event.type as ProcessEventType, pid: event.pid, cid: event.cid, at: event.at, data: event.data === null ? null : (JSON.parse(event.data) as Record<string, unknown>) };
    try {
      for (const subscriber of this.subscribers.get(recorded.type) ?? []) await subscriber.call(recorded);
    } catch (error) {
      // Left taken: the next try comes once the claim runs out, not in a tight loop.
      this.logger.warn(`Event ${event.id} (${event.type} of process ${event.pid}) stays in the outbox: ${(error as Error).message}`);
      return false;
    }
    await this.outbox.update({ id: event.id, dispatchedAt: IsNull() }, { dispatchedAt: Date.now() });
    return true;
  }
}
