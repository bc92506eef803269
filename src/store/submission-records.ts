import { Injectable } from '@nestjs/common';
import { AtomicWrites, Step, Undone } from '../database/atomic-writes';
import { ProcessEvents } from '../events/process-events';
import { IdempotencyKeys } from './idempotency-keys';
import { NewProcess, ProcessStore } from './process-store';
import type { ProcessEntity } from './process.entity';
import { REMOVING, UnrecordedAudio } from './unrecorded-audio';

/** A submission's Idempotency-Key and what makes two requests the same. */
export interface KeyClaim {
  key: string;
  fingerprint: string;
}

/** A recording moved into the store, as listed by UnrecordedAudio.announce. */
export interface ListedAudio {
  path: string;
  since: number;
}

export type Recorded =
  | { kind: 'recorded'; row: ProcessEntity }
  /** The key is held by an earlier request with the same fingerprint: its process. */
  | { kind: 'earlier'; pid: number }
  | { kind: 'different' };

/** Index of the step that inserts the process, whose row carries the pid. */
const INSERT_STEP = 0;

/**
 * Writes a submission as one transaction: the process, its Idempotency-Key
 * with the pid, its recording taken off the unrecorded list, and its first
 * event (process.received). After a
 * crash or an outage at any moment, either all of it is there or none.
 */
@Injectable()
export class SubmissionRecords {
  constructor(
    private readonly writes: AtomicWrites,
    private readonly store: ProcessStore,
    private readonly keys: IdempotencyKeys,
    private readonly unrecorded: UnrecordedAudio,
    private readonly events: ProcessEvents,
  ) {}

  /**
   * Records a new process, or says which request holds its key. Raises the
   * database's error, or Undone when the recording's removal has begun (a
   * request that outlived every time limit); nothing is written then.
   */
  async record(fields: NewProcess, claim?: KeyClaim, audio?: ListedAudio): Promise<Recorded> {
    const row = this.store.pending(fields);
    const steps: Step[] = [this.store.insertStep(row)];
    if (claim) steps.push(...this.keys.claimSteps(fields.cid, claim.key, claim.fingerprint, (earlier) => Number(earlier[INSERT_STEP][0].pid)));
    const keyStep = steps.length - 1;
    if (audio) steps.push(this.unrecorded.recordedStep(audio.path, audio.since));
    steps.push(this.events.step((earlier) => ({ type: 'process.received', pid: Number(earlier[INSERT_STEP][0].pid), cid: fields.cid, at: row.createdAt })));
    // A key released between our conflict and our look is free again: one more try.
    for (let attempt = 0; ; attempt++) {
      try {
        const results = await this.writes.run(steps);
        row.pid = Number(results[INSERT_STEP][0].pid);
        return { kind: 'recorded', row };
      } catch (error) {
        if (!claim || !(error instanceof Undone) || error.step !== keyStep) throw error;
        const holder = await this.keys.holder(fields.cid, claim.key);
        if (holder) return holder.fingerprint === claim.fingerprint ? { kind: 'earlier', pid: holder.pid } : { kind: 'different' };
        if (attempt > 0) throw error;
      }
    }
  }

  /**
   * Removes a recorded process that was refused after all (its job could not
   * be queued): the row, its key, and the listing of its recording for
   * removal, in one transaction; then the recording. Raises the database's
   * error, in which case the process stays recorded.
   */
  async withdraw(pid: number, cid: number, claim?: KeyClaim, audioPath?: string): Promise<void> {
    const steps: Step[] = [this.store.deleteStep(pid)];
    if (claim) steps.push(this.keys.releaseStep(cid, claim.key));
    if (audioPath) steps.push(this.unrecorded.withdrawnStep(audioPath));
    await this.writes.run(steps);
    // Listed for removal: a failure here leaves the file to the sweep of unrecorded audio.
    if (audioPath) await this.unrecorded.remove(audioPath, REMOVING).catch(() => false);
  }
}
