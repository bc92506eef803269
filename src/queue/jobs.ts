import { getQueueToken } from '@nestjs/bull';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Job, Queue } from 'bull';
import { HandlerDiscovery, markMethod } from '../common/handler-discovery';
import { Environment } from '../config/environment';
import { JOB_TYPES, JobName, JobPayloads } from './queue.constants';

const JOB_HANDLER = 'oliver:job-handler';

export interface JobHandlerOptions {
  /** Jobs of this type one worker runs at once. */
  concurrency: (env: Environment) => number;
  /** The handler closes the queue itself at shutdown (to hand back the jobs it holds), not the worker. */
  closesQueue?: boolean;
}

/** Marks the one method that runs jobs of a type; it gets the Bull job and its result settles the job. */
export const OnJob = (name: JobName, options: JobHandlerOptions) => markMethod(JOB_HANDLER, { name, options });

export type JobOf<N extends JobName> = Job<JobPayloads[N]>;

export class MissingJobHandler extends Error {}

/**
 * The worker's side of the job registry: at start it finds one handler for
 * every job type of JOB_TYPES and consumes each type from its queue, or
 * refuses to start. Registered only in the worker: the API adds jobs and
 * never takes them.
 */
@Injectable()
export class JobWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobWorker.name);
  private readonly closedHere: Queue[] = [];

  constructor(
    private readonly discovery: HandlerDiscovery,
    private readonly modules: ModuleRef,
    private readonly env: Environment,
  ) {}

  onApplicationBootstrap(): void {
    const handlers = this.discovery.methods<{ name: JobName; options: JobHandlerOptions }>(JOB_HANDLER);
    // Every type is checked before any is consumed: a worker that refuses to start takes no job.
    const found = (Object.keys(JOB_TYPES) as JobName[]).map((name) => {
      const of = handlers.filter((h) => h.mark.name === name);
      if (of.length !== 1) throw new MissingJobHandler(`Job type ${name} has ${of.length} handlers (${of.map((h) => h.name).join(', ') || 'none'}); it needs exactly one`);
      return { type: name, call: of[0].call, mark: of[0].mark };
    });
    for (const { type: name, call, mark } of found) {
      const queue = this.modules.get<Queue>(getQueueToken(JOB_TYPES[name].queue), { strict: false });
      const concurrency = mark.options.concurrency(this.env);
      // process() settles only when the queue closes, so it is not awaited.
      queue.process(name, concurrency, (job: Job) => call(job) as Promise<unknown>).catch((error: Error) => {
        this.logger.error(`The consumer of ${name} jobs stopped: ${error.message}`);
      });
      if (!mark.options.closesQueue && !this.closedHere.includes(queue)) this.closedHere.push(queue);
      this.logger.log(`Consuming ${name} jobs from ${JOB_TYPES[name].queue} with concurrency ${concurrency}`);
    }
  }

  /** Takes no new job and lets the jobs in hand finish. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.closedHere.map((queue) => queue.close()));
  }
}
