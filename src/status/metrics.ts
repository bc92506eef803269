import { InjectQueue } from '@nestjs/bull';
import { Global, Injectable, Module } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { QueueModule } from '../queue/queue.module';
import { PROCESS_QUEUE } from '../queue/queue.constants';
import { OnEvent, RecordedEvent } from '../events/process-events';

const JOB_STATES = ['waiting', 'active', 'completed', 'failed', 'delayed'] as const;

/** Everything the service measures about itself, in one Prometheus registry per process. */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP requests by route pattern and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly processingDuration = new Histogram({
    name: 'oliver_processing_duration_seconds',
    help: 'Wall time of one analysis, download and decoding included',
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });

  readonly queueWait = new Histogram({
    name: 'oliver_queue_wait_seconds',
    help: 'Time a call waited in the queue, from its submission to a worker taking it (first attempt only)',
    buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600, 14_400],
    registers: [this.registry],
  });

  readonly audioSeconds = new Counter({
    name: 'oliver_audio_seconds_processed_total',
    help: 'Seconds of audio analysed',
    registers: [this.registry],
  });

  readonly failures = new Counter({
    name: 'oliver_process_failures_total',
    help:
      'Failed processing attempts. outcome: aborted (at once), retried, attempts-exhausted (aborted after the last attempt) or outage (held up by the database, Redis or our disk; no attempt spent). ' +
      'reason: unsupported_format, undecodable, channel_mismatch, too_long, bad_file_name, timeout, download_failed, download_refused, host_not_found, dependency_unavailable, disk_full or internal',
    labelNames: ['outcome', 'reason'],
    registers: [this.registry],
  });

  readonly audioRemoved = new Counter({
    name: 'oliver_audio_files_removed_total',
    help: 'Recordings removed from disk by the audio retention',
    registers: [this.registry],
  });

  readonly processesDeleted = new Counter({
    name: 'oliver_processes_deleted_total',
    help: 'Processes erased by DELETE (a repeated DELETE of the same process is not counted again)',
    registers: [this.registry],
  });

  readonly processesCancelled = new Counter({
    name: 'oliver_processes_cancelled_total',
    help: 'Pending or processing calls cancelled by their client',
    registers: [this.registry],
  });

  readonly processesReprocessed = new Counter({
    name: 'oliver_processes_reprocessed_total',
    help: 'Settled calls queued again for another analysis',
    registers: [this.registry],
  });

  readonly resultsRemoved = new Counter({
    name: 'oliver_results_removed_total',
    help: "Results removed by their client's result retention",
    registers: [this.registry],
  });

  constructor(@InjectQueue(PROCESS_QUEUE) queue: Queue) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'oliver_queue_jobs',
      help: 'Jobs in the processing queue by state',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        try {
          const counts = await queue.getJobCounts();
          for (const state of JOB_STATES) this.set({ state }, counts[state] ?? 0);
        } catch {
          // Redis away: the gauge keeps its last values; /health/ready says what is wrong.
        }
      },
    });
  }

  /**
   * Records how long a job waited, in seconds: from being added (Bull's
   * `timestamp`, plus any delay it was added with) to a worker taking it
   * (`processedOn`). Retries are left out: their wait is the backoff.
   */
  observeQueueWait(job: Pick<Job, 'timestamp' | 'processedOn' | 'attemptsMade' | 'opts'>): void {
    if (job.attemptsMade > 0) return;
    const ready = job.timestamp + (job.opts.delay ?? 0);
    this.queueWait.observe(Math.max(0, (job.processedOn ?? Date.now()) - ready) / 1000);
  }

  /** The seconds of audio a completed process measured. */
  @OnEvent('process.completed')
  countAudio(event: RecordedEvent): void {
    const seconds = Number(event.data?.duration);
    if (Number.isFinite(seconds)) this.audioSeconds.inc(seconds);
  }

  @OnEvent('process.audio-removed')
  countRemovedAudio(): void {
    this.audioRemoved.inc();
  }

  @OnEvent('process.deleted')
  countDeleted(): void {
    this.processesDeleted.inc();
  }

  @OnEvent('process.cancelled')
  countCancelled(): void {
    this.processesCancelled.inc();
  }

  @OnEvent('process.reprocessed')
  countReprocessed(): void {
    this.processesReprocessed.inc();
  }

  @OnEvent('process.result-removed')
  countRemovedResult(): void {
    this.resultsRemoved.inc();
  }

  /** Express middleware: times every request under its route pattern, never its raw path. */
  readonly timeRequests = (request: Request, response: Response, next: NextFunction) => {
    const stop = this.httpDuration.startTimer();
    response.once('finish', () => {
      const route = request.route?.path ? `${request.baseUrl}${request.route.path}` : 'unmatched';
      stop({ method: request.method, route, status: String(response.statusCode) });
    });
    next();
  };
}

@Global()
@Module({ imports: [QueueModule], providers: [Metrics], exports: [Metrics] })
export class MetricsModule {}
