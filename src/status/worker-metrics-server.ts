import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { createServer, Server } from 'node:http';
import { Environment } from '../config/environment';
import { Metrics } from './metrics';
import { Readiness } from './readiness';

/**
 * A worker node has no HTTP API, yet what it measures (processing time,
 * audio seconds, failures) is what operators watch most. With
 * WORKER_METRICS_PORT set, it serves GET /metrics for Prometheus and the
 * same probes as the API (GET /health/live, GET /health/ready: database,
 * Redis, free disk, ffmpeg), and nothing else.
 */
@Injectable()
export class WorkerMetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WorkerMetricsServer.name);
  private server?: Server;

  constructor(
    private readonly metrics: Metrics,
    private readonly readiness: Readiness,
    private readonly env: Environment,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.env.ROLE !== 'worker' || this.env.WORKER_METRICS_PORT === undefined) return;
    this.server = createServer((request, response) => {
      if (request.method === 'GET' && request.url === '/metrics') {
        this.metrics.registry.metrics().then(
          (text) => response.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(text),
          () => response.writeHead(500).end(),
        );
      } else if (request.method === 'GET' && (request.url === '/health/live' || request.url === '/health/ready')) {
        const probe = request.url === '/health/live' ? this.readiness.live() : this.readiness.ready();
        probe.then(
          ({ status, report }) => response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(report)),
          () => response.writeHead(500).end(),
        );
      } else {
        response.writeHead(404, { 'Content-Type': 'application/json' }).end('{"code":404,"message":"Only GET /metrics, /health/live and /health/ready are served here"}');
      }
    });
    await new Promise<void>((listening, failed) => {
      this.server!.once('error', failed);
      this.server!.listen(this.env.WORKER_METRICS_PORT, this.env.HOST, listening);
    });
    const address = this.server.address();
    this.logger.log(`Worker metrics on http://${this.env.HOST}:${typeof address === 'object' && address ? address.port : this.env.WORKER_METRICS_PORT}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    await new Promise((closed) => (this.server ? this.server.close(closed) : closed(undefined)));
  }
}
