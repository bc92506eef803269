import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { QueueModule } from '../queue/queue.module';
import { StoreModule } from '../store/store.module';
import { DatabaseHealth } from './database-health';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { StatusController } from './status.controller';

@Module({
  imports: [StoreModule, QueueModule, TerminusModule.forRoot({ logger: false })],
  controllers: [StatusController, HealthController, MetricsController],
  providers: [DatabaseHealth],
})
export class StatusModule {}
