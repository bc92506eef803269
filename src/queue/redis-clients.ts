import Redis, { RedisOptions } from 'ioredis';

type BullClientType = 'client' | 'subscriber' | 'bclient';

/**
 * Bull's three connections. The command client fails at once while Redis is
 * away (no offline queue) so a submission can answer 503 quickly; the
 * blocking and subscriber clients must wait forever, as Bull requires.
 */
export function createBullRedisClient(url: string, type: BullClientType): Redis {
  const reconnect: RedisOptions = {
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(100 * times, 2000),
  };
  if (type === 'client') {
    return new Redis(url, { ...reconnect, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  }
  return new Redis(url, { ...reconnect, maxRetriesPerRequest: null, enableReadyCheck: false });
}
