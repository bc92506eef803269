import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { PROCESS_QUEUE } from '../queue/queue.constants';

/** Counts in one-second windows, in Redis, so the limit holds across every API node. */
const COUNT_IN_WINDOW = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

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
    const window = Math.floor(Date.now() / 1000);
    try {
      const count = (await this.queue.client.eval(COUNT_IN_WINDOW, 1, `${this.env.QUEUE_PREFIX}:ratelimit:${key}:${window}`, 2000)) as number;
      return count <= perSecond;
    } catch (error) {
      this.logger.debug(`Rate limit not counted: ${(error as Error).message}`);
      return true;
    }
  }
}
