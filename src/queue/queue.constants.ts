/** The one queue of the service: every accepted call becomes one job, its id the pid. */
export const PROCESS_QUEUE = 'process-audio';
export const ANALYSE_JOB = 'analyse';

export interface AnalyseJobData {
  pid: number;
  /** The id of the request that submitted the call, so the worker's logs can be joined to it. */
  requestId?: string;
  /** The deployment (database) whose process this is (Deployment.id); absent on jobs queued by older versions. */
  deployment?: string;
}

/** The retry schedule of analyse jobs, registered with Bull under this name. */
export const RETRY_BACKOFF = 'retry-unless-handed-back';

/**
 * Thrown by a worker that stops before finishing a job: the job goes back to
 * the queue at once, for another worker, instead of waiting out a backoff.
 */
export class JobHandedBack extends Error {
  constructor() {
    super('Handed back to the queue by a worker that was stopping');
  }
}

/** Exponential backoff for failures; none for a job handed back. */
export const retryDelay = (backoffMs: number) => (attemptsMade: number, error: unknown) =>
  error instanceof JobHandedBack ? 0 : Math.round((2 ** attemptsMade - 1) * backoffMs);
