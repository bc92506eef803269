import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { PROCESS_QUEUE } from '../queue/queue.constants';

/** Counts in fixed windows, in Redis, so the limit holds across every API node. ARGV[2] = '0' only reads the count. */
const COUNT_IN_WINDOW = `
if ARGV[2] == '0' then return tonumber(redis.call('GET', KEYS[1]) or '0') end
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** What the counter says of a key in the current window. */
export interface Verdict {
  /** False once more than the limit came in this window. */
  allowed: boolean;
  /** Whole seconds until the window ends, for Retry-After. */
  retryAfterSeconds: number;
}

@Injectable()
export class RateLimiter {
  private readonly logger = new Logger(RateLimiter.name);

  constructor(
    @InjectQueue(PROCESS_QUEUE) private readonly queue: Queue,
    private readonly env: Environment,
  ) {}

  /**
   * Counts one request against `key`; false once more than `perSecond` came
   * this second. While Redis is away requests pass: a submission will answer
   * 503 on its own, and reads should not fail because of a counter.
   */
  async allow(key: string, perSecond: number): Promise<boolean> {
    return (await this.count(key, perSecond, 1)).allowed;
  }

  /** Counts one more against `key` in windows of `windowSeconds`; passes while Redis is away. */
  count(key: string, limit: number, windowSeconds: number): Promise<Verdict> {
    return this.judge(key, limit, windowSeconds, true);
  }

  /** Whether `key` has already had more than `limit` this window, counting nothing. */
  exceeded(key: string, limit: number, windowSeconds: number): Promise<Verdict> {
    return this.judge(key, limit, windowSeconds, false);
  }

  private async judge(key: string, limit: number, windowSeconds: number, add: boolean): Promise<Verdict> {
    const now = Date.now() / 1000;
    const window = Math.floor(now / windowSeconds);
    const retryAfterSeconds = Math.max(1, Math.ceil((window + 1) * windowSeconds - now));
    const counter = `${this.env.QUEUE_PREFIX}:ratelimit:${key}:${windowSeconds === 1 ? '' : `${windowSeconds}s:`}${window}`;
    try {
      const n = (await this.queue.client.eval(COUNT_IN_WINDOW, 1, counter, (windowSeconds + 1) * 1000, add ? '1' : '0')) as number;
      return { allowed: n <= limit, retryAfterSeconds };
    } catch (error) {
      this.logger.debug(`Rate limit not counted: ${(error as Error).message}`);
      return { allowed: true, retryAfterSeconds };
    }
  }
}
