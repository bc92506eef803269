import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { IdempotencyKeyEntity } from './idempotency-key.entity';

export const IDEMPOTENCY_WINDOW_MS = 24 * 3600 * 1000;

export type Claim =
  | { kind: 'claimed' }
  | { kind: 'same'; pid: number | null }
  | { kind: 'different' };

/** Claims of Idempotency-Keys: the primary key (cid, key) lets exactly one request win. */
@Injectable()
export class IdempotencyKeys {
  private readonly keys: Repository<IdempotencyKeyEntity>;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.keys = dataSource.getRepository(IdempotencyKeyEntity);
  }

  /** Claims the key for this request, or says who holds it. A claim older than 24 h is given up. */
  async claim(cid: number, key: string, fingerprint: string): Promise<Claim> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.keys.insert({ cid, key, fingerprint, pid: null, createdAt: Date.now() });
        return { kind: 'claimed' };
      } catch {
        const held = await this.keys.findOneBy({ cid, key });
        if (!held) continue; // released by a failed first request: try again
        if (Date.now() - held.createdAt > IDEMPOTENCY_WINDOW_MS) {
          await this.keys.delete({ cid, key, createdAt: held.createdAt });
          continue;
        }
        return held.fingerprint === fingerprint ? { kind: 'same', pid: held.pid } : { kind: 'different' };
      }
    }
    return { kind: 'different' };
  }

  async settle(cid: number, key: string, pid: number): Promise<void> {
    await this.keys.update({ cid, key }, { pid });
  }

  /** Gives up a claim whose request failed, so a retry with the same key can proceed. */
  async release(cid: number, key: string): Promise<void> {
    await this.keys.delete({ cid, key });
  }

  async pidOf(cid: number, key: string): Promise<number | null | undefined> {
    return (await this.keys.findOneBy({ cid, key }))?.pid;
  }
}
