import { Module } from '@nestjs/common';
import { FirstClientHint } from './authenticate/authenticate.module';
import { ClientsModule } from './clients/clients.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { LoggingModule } from './common/logging.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { ProcessModule } from './process/process.module';
import { PublishModule } from './publish/publish.module';
import { MetricsModule } from './status/metrics';
import { QueueDashboardModule } from './status/queue-dashboard.module';
import { ReadinessModule } from './status/readiness';
import { StatusModule } from './status/status.module';
import { WorkerMetricsServer } from './status/worker-metrics-server';
import { UploadModule } from './upload/upload.module';
import { WebhookRoutesModule, WebhooksModule, WebhookSenderModule } from './webhooks/webhooks.module';

/** The HTTP side: upload, validate, store, queue; publish what was measured. */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, EventsModule, MetricsModule, UploadModule, PublishModule, LifecycleModule, ClientsModule, WebhooksModule, WebhookRoutesModule, StatusModule, QueueDashboardModule, FirstClientHint],
})
export class ApiModule {}

/** The worker side: no controllers, no API; at most a metrics port (WORKER_METRICS_PORT). */
@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, EventsModule, MetricsModule, ProcessModule, WebhooksModule, WebhookSenderModule, ReadinessModule],
  providers: [WorkerMetricsServer],
})
export class WorkerModule {}

/** Both in one process: the single-machine default. */
@Module({
  imports: [ApiModule, WorkerModule],
})
export class AllInOneModule {}
