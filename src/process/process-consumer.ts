import { InjectQueue } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Queue } from 'bull';
import { Environment } from '../config/environment';
import { ANALYSE_JOB, AnalyseJobData, PROCESS_QUEUE } from '../queue/queue.constants';
import { CallProcessor } from './call-processor';
import { SpeechModel } from '../analysis/speech-model';
import { assertFfmpegRuns } from './ffmpeg-check';

/** The part of the shutdown time jobs in hand get to finish; the rest is for handing them back. */
const FINISH_SHARE_OF_SHUTDOWN = 0.75;

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
    // The analysis threads load the model on their first call: a bad file must stop the worker now, not fail every call.
    await SpeechModel.load(this.env.SPEECH_MODEL_PATH);
    this.logger.log(`Using the speech model ${this.env.SPEECH_MODEL_PATH}`);
    // process() settles only when the queue closes, so it is not awaited.
    this.queue.process(ANALYSE_JOB, this.env.WORKER_CONCURRENCY, (job) => this.processor.process(job)).catch((error: Error) => {
      this.logger.error(`The queue consumer stopped: ${error.message}`);
    });
    this.logger.log(`Consuming ${PROCESS_QUEUE} with concurrency ${this.env.WORKER_CONCURRENCY}`);
  }

  /**
   * Takes no new job and lets the jobs in hand finish; those still running
   * when most of SHUTDOWN_TIMEOUT_MS is spent go back to the queue, so the
   * process exits within the bound without keeping a call at status 1.
   */
  async beforeApplicationShutdown(): Promise<void> {
    const closed = this.queue.close();
    let timer: NodeJS.Timeout | undefined;
    const outOfTime = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.env.SHUTDOWN_TIMEOUT_MS * FINISH_SHARE_OF_SHUTDOWN);
    });
    if ((await Promise.race([closed, outOfTime])) === 'late') {
      this.logger.warn('Jobs still running as the shutdown time runs out; handing them back to the queue');
      this.processor.handBack();
      await closed;
    }
    clearTimeout(timer);
  }
}
