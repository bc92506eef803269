import { AuthenticateModule } from '../authenticate/authenticate.module';
import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module';
import { ProcessesController } from './processes.controller';
import { PublishService } from './publish.service';

@Module({
  imports: [AuthenticateModule, StoreModule],
  controllers: [ProcessesController],
  providers: [PublishService],
})
export class PublishModule {}
