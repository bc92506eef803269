import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { ANALYSE_JOB, AnalyseJobData, PROCESS_QUEUE } from '../queue/queue.constants';
import { CallProcessor } from './call-processor';
import { assertFfmpegRuns } from './ffmpeg-check';

/** Takes jobs off the queue; registered only in the worker, so the API enqueues but never consumes. */
@Injectable()
export class ProcessConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ProcessConsumer.name);

  constructor(
    @InjectQueue(PROCESS_QUEUE) private readonly queue: Queue<AnalyseJobData>,
    private readonly processor: CallProcessor,
    private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.logger.log(`Using ${await assertFfmpegRuns(this.env.FFMPEG_PATH)}`);
    // process() settles only when the queue closes, so it is not awaited.
    this.queue.process(ANALYSE_JOB, this.env.WORKER_CONCURRENCY, (job) => this.processor.process(job)).catch((error: Error) => {
      this.logger.error(`The queue consumer stopped: ${error.message}`);
    });
    this.logger.log(`Consuming ${PROCESS_QUEUE} with concurrency ${this.env.WORKER_CONCURRENCY}`);
  }

  /** Lets the jobs in hand finish before the process exits. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
