import { AuthenticateModule } from '../authenticate/authenticate.module';
import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
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
export class UploadModule {}
