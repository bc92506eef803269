import { Module } from '@nestjs/common';
import { AuthenticateModule } from '../authenticate/authenticate.module';
import { QueueModule } from '../queue/queue.module';
import { StoreModule } from '../store/store.module';
import { ProcessLifecycleController } from './process-lifecycle.controller';
import { ProcessLifecycle } from './process-lifecycle.service';

/** Erase, cancel and analyse again: what a client may do to a process after submitting it. */
@Module({
  imports: [AuthenticateModule, StoreModule, QueueModule],
  controllers: [ProcessLifecycleController],
  providers: [ProcessLifecycle],
})
export class LifecycleModule {}
