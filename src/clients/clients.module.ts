import { Module } from '@nestjs/common';
import { AuthenticateModule } from '../authenticate/authenticate.module';
import { ClientsController } from './clients.controller';

@Module({ imports: [AuthenticateModule], controllers: [ClientsController] })
export class ClientsModule {}
