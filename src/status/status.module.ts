import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { StoreModule } from '../store/store.module';
import { StatusController } from './status.controller';

@Module({
  imports: [StoreModule, QueueModule],
  controllers: [StatusController],
})
export class StatusModule {}
