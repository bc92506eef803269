import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import type { Row, Statement, Step } from '../database/atomic-writes';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

/**
 * Idempotency-Keys of submissions. A key is written in the transaction that
 * inserts its process, with that process's pid, so a key never exists
 * without its process; the primary key (cid, key) lets exactly one request
 * win, and on PostgreSQL a second request with the same key waits for the
 * first one's transaction to end.
 */
@Injectable()
export class IdempotencyKeys {
  private readonly keys: Repository<IdempotencyKeyEntity>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.keys = dataSource.getRepository(IdempotencyKeyEntity);
  }

  /**
   * The steps that claim a key for the process whose pid `pidOf` reads from
   * the earlier steps' rows. The second one undoes the transaction when the
   * key is held (and younger than 24 h: an older one is given up first).
   */
  claimSteps(cid: number, key: string, fingerprint: string, pidOf: (earlier: Row[][]) => number): Step[] {
    const now = Date.now();
    return [
      { sql: 'DELETE FROM idempotency_keys WHERE cid = :cid AND key = :key AND created_at < :expired', parameters: { cid, key, expired: now - IDEMPOTENCY_WINDOW_MS } },
      (earlier) => ({
        sql: `INSERT INTO idempotency_keys (cid, key, fingerprint, pid, created_at) VALUES (:cid, :key, :fingerprint, :pid, :now)
              ON CONFLICT (cid, key) DO NOTHING RETURNING pid`,
        parameters: { cid, key, fingerprint, pid: pidOf(earlier), now },
        rows: 1,
      }),
    ];
  }

  /** The step that gives a key up with its process. */
  releaseStep(cid: number, key: string): Statement {
    return { sql: 'DELETE FROM idempotency_keys WHERE cid = :cid AND key = :key', parameters: { cid, key } };
  }

  /** Who holds a key: its fingerprint and process, or null when nobody does. */
  holder(cid: number, key: string): Promise<Pick<IdempotencyKeyEntity, 'fingerprint' | 'pid'> | null> {
    return this.keys.findOne({ select: { fingerprint: true, pid: true }, where: { cid, key } });
  }
}
