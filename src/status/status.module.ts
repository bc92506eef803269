import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { StoreModule } from '../store/store.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { ReadinessModule } from './readiness';
import { StatusController } from './status.controller';

@Module({
  imports: [StoreModule, QueueModule, ReadinessModule],
  controllers: [StatusController, HealthController, MetricsController],
})
export class StatusModule {}
