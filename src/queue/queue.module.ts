import { BullModule } from '@nestjs/bull';
import type { AdvancedSettings } from 'bull';
import { Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { StoreModule } from '../store/store.module';
import { ProcessQueue } from './process-queue';
import { PROCESS_QUEUE, RETRY_BACKOFF, retryDelay, WEBHOOK_BACKOFF, WEBHOOK_QUEUE, webhookRetryDelay } from './queue.constants';
import { BullRedisConnections } from './redis-clients';

@Module({ providers: [BullRedisConnections], exports: [BullRedisConnections] })
class RedisConnectionsModule {}

/**
 * The settings of both queues. A job whose worker died keeps its lock until it expires; the next
 * stalled-job check then hands it to another worker. So a process stays at status 1 at most about
 * twice JOB_LOCK_MS after a crash.
 */
function lockedJobs(env: Environment, backoffStrategies: AdvancedSettings['backoffStrategies']) {
  return { settings: { lockDuration: env.JOB_LOCK_MS, stalledInterval: env.JOB_LOCK_MS, maxStalledCount: 2, backoffStrategies } };
}

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
      useFactory: (env: Environment) => lockedJobs(env, { [RETRY_BACKOFF]: retryDelay(env.JOB_BACKOFF_MS) }),
    }),
    BullModule.registerQueueAsync({
      name: WEBHOOK_QUEUE,
      inject: [Environment],
      // A delivery whose worker died is sent again, with the same webhook-id.
      useFactory: (env: Environment) => lockedJobs(env, { [WEBHOOK_BACKOFF]: webhookRetryDelay(env.WEBHOOK_RETRY_BASE_MS, env.WEBHOOK_RETRY_MAX_DELAY_MS) }),
    }),
  ],
  providers: [ProcessQueue],
  exports: [ProcessQueue, BullModule],
})
export class QueueModule {}
