import { Module } from '@nestjs/common';
import { AuthenticateModule } from '../authenticate/authenticate.module';
import { QueueModule } from '../queue/queue.module';
import { StoreModule } from '../store/store.module';
import { AtomicWrites } from '../database/atomic-writes';
import { WebhookDeliveries } from './webhook-deliveries';
import { WebhookEndpoints } from './webhook-endpoints';
import { WebhookFanout } from './webhook-fanout';
import { WebhookQueue } from './webhook-queue';
import { WebhookSecrets } from './webhook-secrets';
import { WebhookSender } from './webhook-sender';
import { DeliveriesController, WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/** Endpoints, deliveries and the subscriber that makes them: in every role (any node may dispatch an event). */
@Module({
  imports: [StoreModule, QueueModule],
  providers: [AtomicWrites, WebhookSecrets, WebhookEndpoints, WebhookDeliveries, WebhookQueue, WebhookFanout],
  exports: [WebhookSecrets, WebhookEndpoints, WebhookDeliveries, WebhookQueue],
})
export class WebhooksModule {}

/** The client routes: registration, rotation, deliveries. */
@Module({
  imports: [WebhooksModule, AuthenticateModule, StoreModule],
  controllers: [WebhooksController, DeliveriesController],
  providers: [WebhooksService],
})
export class WebhookRoutesModule {}

/** The worker's side: sending deliveries. */
@Module({
  imports: [WebhooksModule, StoreModule],
  providers: [WebhookSender],
})
export class WebhookSenderModule {}
