import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, Repository } from 'typeorm';
import { AtomicWrites, Statement } from '../database/atomic-writes';
import { AudioStorage } from './audio-storage';
import { UnrecordedAudioEntity } from './unrecorded-audio.entity';

/** `since` of a file whose removal has begun: its request can no longer record it. */
export const REMOVING = 0;
const BATCH = 500;

/**
 * The recordings in the store that no row records (yet). An upload is listed
 * before it is moved into the store and taken off the list in the very
 * transaction that commits its row, so a recording is always either recorded
 * or listed, whatever moment its API is killed at. Removal first marks the
 * entry, so the request cannot record a file being removed.
 */
@Injectable()
export class UnrecordedAudio {
  private readonly entries: Repository<UnrecordedAudioEntity>;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly writes: AtomicWrites,
    private readonly storage: AudioStorage,
  ) {
    this.entries = dataSource.getRepository(UnrecordedAudioEntity);
  }

  /**
   * Lists a stored path before the upload is moved there. Returns its
   * `since` (epoch ms), which the recording step must match. Raises the
   * database's error: the upload must then not be moved. Written as its own
   * transaction: on SQLite's shared connection a plain insert could become
   * part of another caller's open transaction and vanish in its rollback,
   * leaving the file unlisted.
   */
  async announce(path: string): Promise<number> {
    const since = Date.now();
    await this.writes.run([{ sql: 'INSERT INTO unrecorded_audio (path, since) VALUES (:path, :since)', parameters: { path, since } }]);
    return since;
  }

  /** The step of a row's transaction that takes its file off the list; it undoes the transaction if a removal has begun. */
  recordedStep(path: string, since: number): Statement {
    return { sql: 'DELETE FROM unrecorded_audio WHERE path = :path AND since = :since RETURNING path', parameters: { path, since }, rows: 1 };
  }

  /** The step of a row's removal that lists its file again, already marked for removal. */
  withdrawnStep(path: string): Statement {
    return { sql: 'INSERT INTO unrecorded_audio (path, since) VALUES (:path, :since)', parameters: { path, since: REMOVING } };
  }

  /**
   * Removes a listed file and its entry, unless the file was recorded (or its
   * removal taken over) since it was listed at `since`. True when the file is
   * gone and unlisted. Raises the database's error; the entry then stays for
   * the next sweep.
   */
  async remove(path: string, since: number): Promise<boolean> {
    const marked = await this.entries.update({ path, since }, { since: REMOVING });
    if ((marked.affected ?? 0) === 0) return false;
    if (!(await this.storage.discard(path))) return false; // said in the log; the next sweep tries again
    await this.entries.delete({ path, since: REMOVING });
    return true;
  }

  /** Removes the files listed for more than `olderThanMs`: their requests are over. Returns how many. */
  async sweep(olderThanMs: number): Promise<number> {
    let removed = 0;
    for (;;) {
      const batch = await this.entries.find({ where: { since: LessThan(Date.now() - olderThanMs) }, order: { since: 'ASC' }, take: BATCH });
      let removedNow = 0;
      for (const { path, since } of batch) if (await this.remove(path, since)) removedNow++;
      removed += removedNow;
      // A batch that removed nothing would be read again as it is: the next pass retries it.
      if (batch.length < BATCH || removedNow === 0) return removed;
    }
  }
}
