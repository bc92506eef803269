import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { ClientTokenGuard } from './client-token.guard';
import { ClientsService } from './clients.service';
import { RateLimiter } from './rate-limiter';

/** The client registry alone: what the command line needs, without Redis. */
@Module({
  providers: [ClientsService],
  exports: [ClientsService],
})
export class ClientRegistryModule {}

/** What a controller of client routes needs: the registry, the token guard and the rate limiter. */
@Module({
  imports: [ClientRegistryModule, QueueModule],
  providers: [ClientTokenGuard, RateLimiter],
  exports: [ClientRegistryModule, ClientTokenGuard, RateLimiter],
})
export class AuthenticateModule {}

/** A fresh install has no clients: say how to make one instead of answering 401 in silence. */
@Module({ imports: [ClientRegistryModule] })
export class FirstClientHint implements OnApplicationBootstrap {
  constructor(private readonly clients: ClientsService) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.clients.count()) === 0) {
      new Logger('Clients').warn('There are no clients yet. Create one with: npm run cli -- client create --name "Acme"');
    }
  }
}
