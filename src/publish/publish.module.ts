import { AuthenticateModule } from '../authenticate/authenticate.module';
import { Module } from '@nestjs/common';
import { StoreModule } from '../store/store.module';
import { ProcessesController } from './processes.controller';
import { PublishService } from './publish.service';
import { SignedTimelineController } from './signed-timeline.controller';
import { TimelineLinks } from './timeline-links';

@Module({
  imports: [AuthenticateModule, StoreModule],
  controllers: [ProcessesController, SignedTimelineController],
  providers: [PublishService, TimelineLinks],
})
export class PublishModule {}
