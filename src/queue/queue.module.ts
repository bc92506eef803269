import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { ProcessQueue } from './process-queue';
import { PROCESS_QUEUE } from './queue.constants';
import { createBullRedisClient } from './redis-clients';

@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [Environment],
      useFactory: (env: Environment) => ({
        prefix: env.QUEUE_PREFIX,
        createClient: (type) => createBullRedisClient(env.REDIS_URL, type),
      }),
    }),
    BullModule.registerQueue({ name: PROCESS_QUEUE }),
  ],
  providers: [ProcessQueue],
  exports: [ProcessQueue, BullModule],
})
export class QueueModule {}
