import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';

type BullClientType = 'client' | 'subscriber' | 'bclient';

/**
 * Bull's Redis connections. The command client fails at once while Redis is
 * away (no offline queue) so a submission can answer 503 quickly; the
 * blocking and subscriber clients must wait forever, as Bull requires. Bull
 * does not close connections it did not make itself, so they are closed here
 * once the application has shut down (after the queue finished its jobs).
 */
@Injectable()
export class BullRedisConnections implements OnApplicationShutdown {
  private readonly open = new Set<Redis>();

  create(url: string, type: BullClientType): Redis {
    const reconnect: RedisOptions = {
      connectTimeout: 2000,
      retryStrategy: (times) => Math.min(100 * times, 2000),
    };
    const client =
      type === 'client'
        ? new Redis(url, { ...reconnect, enableOfflineQueue: false, maxRetriesPerRequest: 1 })
        : new Redis(url, { ...reconnect, maxRetriesPerRequest: null, enableReadyCheck: false });
    this.open.add(client);
    client.once('end', () => this.open.delete(client));
    return client;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.open].map((client) => client.quit().catch(() => client.disconnect())));
  }
}
