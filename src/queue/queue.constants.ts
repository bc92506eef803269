/** The queue of calls to analyse: CPU-bound, WORKER_CONCURRENCY at a time per worker. */
export const PROCESS_QUEUE = 'process-audio';
/** The queue of webhook deliveries: waiting on the network, many at a time, never in the way of the analysis. */
export const WEBHOOK_QUEUE = 'webhook-deliveries';

export interface AnalyseJobData {
  pid: number;
  /** The id of the request that submitted the call, so the worker's logs can be joined to it. */
  requestId?: string;
  /** The deployment (database) whose process this is (Deployment.id); absent on jobs queued by older versions. */
  deployment?: string;
}

export interface DeliverWebhookData {
  /** The webhook_deliveries row: one event for one endpoint. */
  deliveryId: number;
  /** The deployment (database) whose delivery this is (Deployment.id). */
  deployment: string;
}

/**
 * The job types: each names its queue, its payload and how its id is made.
 * An id is `<type>:<key>`, so one process can have jobs of several types at
 * once, and adding the same job twice is a no-op. The worker refuses to
 * start when a type here has no handler (`@OnJob`).
 */
export interface JobPayloads {
  analyse: AnalyseJobData;
  'deliver-webhook': DeliverWebhookData;
}

export type JobName = keyof JobPayloads;

export const JOB_TYPES: { readonly [name in JobName]: { queue: string; key: (data: JobPayloads[name]) => string } } = {
  analyse: { queue: PROCESS_QUEUE, key: (data) => String(data.pid) },
  'deliver-webhook': { queue: WEBHOOK_QUEUE, key: (data) => String(data.deliveryId) },
};

export const ANALYSE_JOB: JobName = 'analyse';

/** The Bull job id of a job: `<type>:<key>`. */
export function jobId<N extends JobName>(name: N, data: JobPayloads[N]): string {
  return `${name}:${JOB_TYPES[name].key(data)}`;
}

/** The retry schedule of webhook deliveries, registered with Bull under this name. */
export const WEBHOOK_BACKOFF = 'webhook-backoff';

/** Milliseconds before the next try of a webhook delivery that failed `attemptsMade` times: doubling from `baseMs`, at most `maxMs`. */
export const webhookRetryDelay = (baseMs: number, maxMs: number) => (attemptsMade: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attemptsMade - 1, 40)));

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
