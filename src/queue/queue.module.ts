import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { Environment } from '../config/environment';
import { ProcessQueue } from './process-queue';
import { PROCESS_QUEUE } from './queue.constants';
import { BullRedisConnections } from './redis-clients';

@Module({ providers: [BullRedisConnections], exports: [BullRedisConnections] })
class RedisConnectionsModule {}

@Module({
  imports: [
    BullModule.forRootAsync({
      imports: [RedisConnectionsModule],
      inject: [Environment, BullRedisConnections],
      useFactory: (env: Environment, connections: BullRedisConnections) => ({
        prefix: env.QUEUE_PREFIX,
        createClient: (type) => connections.create(env.REDIS_URL, type),
      }),
    }),
    BullModule.registerQueue({ name: PROCESS_QUEUE }),
  ],
  providers: [ProcessQueue],
  exports: [ProcessQueue, BullModule],
})
export class QueueModule {}
