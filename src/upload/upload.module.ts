import { AuthenticateModule } from '../authenticate/authenticate.module';
import { Module, OnApplicationBootstrap } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { AudioStorage } from '../store/audio-storage';
import { StoreModule } from '../store/store.module';
import { ValidateModule } from '../validate/validate.module';
import { MultipartReceiver } from './multipart-receiver';
import { SubmissionService } from './submission.service';
import { SubmitController } from './submit.controller';

@Module({
  imports: [AuthenticateModule, StoreModule, QueueModule, ValidateModule],
  controllers: [SubmitController],
  providers: [MultipartReceiver, SubmissionService],
})
export class UploadModule implements OnApplicationBootstrap {
  constructor(private readonly storage: AudioStorage) {}

  /** Uploads cut off by a crash or kill of this host's API are removed on start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.storage.sweepIncoming();
  }
}
