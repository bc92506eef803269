/**
 * The container's health check: asks this node's own `/health/live` and exits
 * 0 when it answers 200, 1 otherwise. An API (`ROLE=all` or `api`) answers on
 * `PORT`; a worker has no API and answers on `WORKER_METRICS_PORT` (a worker
 * without that port has nothing to ask and counts as live while it runs).
 * Plain Node on purpose: it starts in milliseconds and loads none of the service.
 */
const role = process.env.ROLE ?? 'all';
const port = role === 'worker' ? process.env.WORKER_METRICS_PORT : (process.env.PORT ?? '3000');

/** How long the probe may take, in milliseconds. */
const TIMEOUT_MS = 3000;

if (!port) {
  process.exit(0);
} else {
  fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(TIMEOUT_MS) }).then(
    (response) => process.exit(response.status === 200 ? 0 : 1),
    () => process.exit(1),
  );
}
