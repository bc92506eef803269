import { Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ClientTokenGuard } from './client-token.guard';
import { ClientsService } from './clients.service';

@Module({
  providers: [ClientsService, ClientTokenGuard],
  exports: [ClientsService, ClientTokenGuard],
})
export class AuthenticateModule {}

/** A fresh install has no clients: say how to make one instead of answering 401 in silence. */
@Module({ imports: [AuthenticateModule] })
export class FirstClientHint implements OnApplicationBootstrap {
  constructor(private readonly clients: ClientsService) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.clients.count()) === 0) {
      new Logger('Clients').warn('There are no clients yet. Create one with: npm run cli -- client create --name "Acme"');
    }
  }
}
