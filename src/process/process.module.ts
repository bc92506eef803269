import { Module } from '@nestjs/common';
import { QueueModule } from '../queue/queue.module';
import { JobWorker } from '../queue/jobs';
import { Reconciler } from '../queue/reconciler';
import { AudioRetention } from '../store/audio-retention';
import { ResultRetention } from '../store/result-retention';
import { StoreModule } from '../store/store.module';
import { ValidateModule } from '../validate/validate.module';
import { AnalysisRunner } from './analysis-runner';
import { CallProcessor } from './call-processor';
import { ProcessConsumer } from './process-consumer';
import { UrlDownloader } from './url-downloader';

/** The worker's side: consume jobs, analyse calls, reconcile the queue, expire old audio. No HTTP. */
@Module({
  imports: [StoreModule, QueueModule, ValidateModule],
  providers: [AnalysisRunner, UrlDownloader, CallProcessor, ProcessConsumer, JobWorker, Reconciler, AudioRetention, ResultRetention],
})
export class ProcessModule {}
