import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { StoreModule } from '../store/store.module';
import { ProcessQueue } from './process-queue';
import { PROCESS_QUEUE, RETRY_BACKOFF, retryDelay } from './queue.constants';
import { BullRedisConnections } from './redis-clients';

@Module({ providers: [BullRedisConnections], exports: [BullRedisConnections] })
class RedisConnectionsModule {}

@Module({
  imports: [
    StoreModule,
    BullModule.forRootAsync({
      imports: [RedisConnectionsModule],
      inject: [Environment, BullRedisConnections],
      useFactory: (env: Environment, connections: BullRedisConnections) => ({
        prefix: env.QUEUE_PREFIX,
        createClient: (type) => connections.create(env.REDIS_URL, type),
      }),
    }),
    BullModule.registerQueueAsync({
      name: PROCESS_QUEUE,
      inject: [Environment],
      // A job whose worker died keeps its lock until it expires; the next stalled-job check then hands it
      // to another worker. So a process stays at status 1 at most about twice JOB_LOCK_MS after a crash.
      useFactory: (env: Environment) => ({
        settings: {
          lockDuration: env.JOB_LOCK_MS,
          stalledInterval: env.JOB_LOCK_MS,
          maxStalledCount: 2,
          backoffStrategies: { [RETRY_BACKOFF]: retryDelay(env.JOB_BACKOFF_MS) },
        },
      }),
    }),
  ],
  providers: [ProcessQueue],
  exports: [ProcessQueue, BullModule],
})
export class QueueModule {}
