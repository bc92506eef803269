import { Injectable, Logger } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { Environment } from '../config/environment';
import { JobOf, OnJob } from '../queue/jobs';
import { putBackUntouched } from '../queue/process-queue';
import { webhookRetryDelay } from '../queue/queue.constants';
import { Deployment } from '../store/deployment';
import { AttemptOutcome, WebhookDeliveries } from './webhook-deliveries';
import { WebhookEndpoints } from './webhook-endpoints';
import type { WebhookDeliveryEntity, WebhookEndpointEntity } from './webhook.entities';

/** A delivery that got no 2xx: Bull tries it again after the backoff. */
class DeliveryFailed extends Error {}
class RefusedAddress extends Error {}

const GONE = 410;

/**
 * Sends one delivery: a POST of its JSON body, signed per the Standard
 * Webhooks specification (webhook-id, webhook-timestamp, webhook-signature
 * `v1,<base64 HMAC-SHA256>`, one signature per secret in use), within
 * WEBHOOK_TIMEOUT_MS, to an address the URL guard allows. A 2xx ends it; 410
 * disables the endpoint and ends it; anything else is tried again with
 * exponential backoff until WEBHOOK_RETRY_HOURS after the event. Redirects
 * are not followed. The webhook-id is the delivery's, so every attempt of
 * one event to one endpoint carries the same.
 */
@Injectable()
export class WebhookSender {
  private readonly logger = new Logger(WebhookSender.name);
  private readonly lookup: LookupFunction;
  private readonly nextDelay: (attemptsMade: number) => number;

  constructor(
    private readonly endpoints: WebhookEndpoints,
    private readonly deliveries: WebhookDeliveries,
    private readonly deployment: Deployment,
    private readonly env: Environment,
  ) {
    this.lookup = endpoints.addressPolicy.checkedLookup((reason) => new RefusedAddress(`the address is not allowed (${reason})`));
    this.nextDelay = webhookRetryDelay(env.WEBHOOK_RETRY_BASE_MS, env.WEBHOOK_RETRY_MAX_DELAY_MS);
  }

  @OnJob('deliver-webhook', { concurrency: (env) => env.WEBHOOK_CONCURRENCY })
  async deliver(job: JobOf<'deliver-webhook'>): Promise<void> {
    if (job.data.deployment !== this.deployment.id) {
      await putBackUntouched(job);
      this.logger.error(`Job ${job.id} belongs to deployment ${job.data.deployment}, not to ${this.deployment.id}: put back untouched. Give each deployment a QUEUE_PREFIX of its own`);
      return;
    }
    const delivery = await this.deliveries.find(job.data.deliveryId);
    if (!delivery || delivery.state !== 'pending') return;
    const endpoint = await this.endpoints.find(delivery.endpointId);
    if (!endpoint || endpoint.disabledAt !== null) {
      await this.deliveries.abandon(delivery.id);
      return;
    }
    const at = Date.now();
    const outcome = await this.send(endpoint, delivery, at);
    const status = outcome.statusCode;
    if (status !== undefined && status >= 200 && status < 300) {
      await this.deliveries.recordAttempt(delivery, at, outcome, 'delivered');
      return;
    }
    if (status === GONE) {
      await this.deliveries.recordAttempt(delivery, at, outcome, 'failed');
      await this.endpoints.disable(endpoint.id, 'The receiver answered 410 Gone');
      this.logger.warn(`Webhook endpoint ${endpoint.id} of client ${endpoint.cid} answered 410 Gone: disabled`);
      return;
    }
    const lastChance = Date.now() + this.nextDelay(job.attemptsMade + 1) > delivery.retryUntil;
    await this.deliveries.recordAttempt(delivery, at, outcome, lastChance ? 'failed' : undefined);
    if (lastChance) {
      this.logger.warn(`Webhook delivery ${delivery.id} (${delivery.type} of process ${delivery.pid}) given up: its retry window ended`);
      return;
    }
    throw new DeliveryFailed(outcome.error ?? `the receiver answered HTTP ${status}`);
  }

  /** One POST; never throws: what went wrong is in the outcome. */
  private async send(endpoint: WebhookEndpointEntity, delivery: WebhookDeliveryEntity, at: number): Promise<AttemptOutcome> {
    const started = performance.now();
    const elapsed = () => performance.now() - started;
    let signature: string;
    try {
      const timestamp = new Date(Math.floor(at / 1000) * 1000);
      signature = this.endpoints
        .signingSecrets(endpoint, at)
        .map((secret) => new Webhook(secret).sign(delivery.messageId, timestamp, delivery.body))
        .join(' ');
    } catch (error) {
      this.logger.error(`Webhook endpoint ${endpoint.id}: ${(error as Error).message}`);
      return { latencyMs: 0, error: 'the signing secret could not be read' };
    }
    const url = new URL(endpoint.url);
    const literal = this.endpoints.addressPolicy.literalRefusal(url);
    if (literal) return { latencyMs: 0, error: `the address is not allowed (${literal})` };
    const headers = {
      'content-type': 'application/json',
      'user-agent': 'oliver-webhooks',
      'webhook-id': delivery.messageId,
      'webhook-timestamp': String(Math.floor(at / 1000)),
      'webhook-signature': signature,
    };
    return new Promise<AttemptOutcome>((resolve) => {
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const request = send(url, { method: 'POST', headers, lookup: this.lookup, signal: AbortSignal.timeout(this.env.WEBHOOK_TIMEOUT_MS) }, (response) => {
        // The body is not read, only drained: the status says it all.
        response.resume();
        resolve({ statusCode: response.statusCode, latencyMs: elapsed() });
      });
      request.on('error', (error: NodeJS.ErrnoException) => {
        // Our words only: a library's message can name hosts and addresses.
        const reason =
          error instanceof RefusedAddress ? error.message : error.name === 'AbortError' || error.name === 'TimeoutError' ? `no answer within ${this.env.WEBHOOK_TIMEOUT_MS} ms` : (error.code ?? 'the connection failed');
        resolve({ latencyMs: elapsed(), error: reason });
      });
      request.end(delivery.body);
    });
  }
}
