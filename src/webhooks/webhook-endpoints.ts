import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { lookup } from 'node:dns/promises';
import { DataSource, Repository } from 'typeorm';
import { ApiError, badRequest } from '../common/api-errors';
import { Environment } from '../config/environment';
import { AddressPolicy } from '../process/address-policy';
import { WebhookEndpointEntity } from './webhook.entities';
import { WebhookSecrets } from './webhook-secrets';

/** The events a client can ask for: a process completed (2), aborted (-2) or deleted. */
export const WEBHOOK_EVENTS = ['process.completed', 'process.failed', 'process.deleted'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const MAX_URL_LENGTH = 2048;
/** Endpoints one client may register. */
const MAX_ENDPOINTS = 20;

/** An endpoint as its owner sees it; the secret only when just made. */
export interface EndpointView {
  id: number;
  url: string;
  events: WebhookEvent[];
  createdAt: string;
  disabledAt?: string;
  disabledReason?: string;
  /** Shown once: at registration and at rotation. */
  secret?: string;
  /** Until when the secret before the last rotation still signs beside the new one. */
  previousSecretValidUntil?: string;
}

export const endpointNotFound = (wid: number) => new ApiError(HttpStatus.NOT_FOUND, `Webhook endpoint ${wid} not found`);

/** The rules of a client's webhook endpoints: what may be registered, and its signing secrets. */
@Injectable()
export class WebhookEndpoints {
  private readonly endpoints: Repository<WebhookEndpointEntity>;
  private readonly policy: AddressPolicy;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    private readonly secrets: WebhookSecrets,
    private readonly env: Environment,
  ) {
    this.endpoints = dataSource.getRepository(WebhookEndpointEntity);
    this.policy = AddressPolicy.fromSetting(env.URL_ALLOWED_NETWORKS);
  }

  /** Registers an endpoint and returns it with its secret, shown only this once. */
  async register(cid: number, url: string, events: string[]): Promise<EndpointView> {
    const wanted = checkedEvents(events);
    await this.checkUrl(url);
    if ((await this.endpoints.countBy({ cid })) >= MAX_ENDPOINTS) {
      throw new ApiError(HttpStatus.CONFLICT, `A client may register at most ${MAX_ENDPOINTS} webhook endpoints`);
    }
    const secret = this.secrets.make();
    const row = await this.endpoints.save(
      this.endpoints.create({ cid, url, events: wanted.join(','), secret: this.secrets.seal(secret), previousSecret: null, previousSecretUntil: null, disabledAt: null, disabledReason: null, createdAt: Date.now() }),
    );
    return { ...present(row), secret };
  }

  async list(cid: number): Promise<EndpointView[]> {
    return (await this.endpoints.find({ where: { cid }, order: { id: 'ASC' } })).map(present);
  }

  async remove(cid: number, wid: number): Promise<void> {
    const result = await this.endpoints.delete({ id: wid, cid });
    if (!result.affected) throw endpointNotFound(wid);
  }

  /**
   * Gives the endpoint a new secret, returned only this once; the old one
   * keeps signing beside it for WEBHOOK_SECRET_OVERLAP_SECONDS, so the
   * receiver can switch without missing a delivery.
   */
  async rotateSecret(cid: number, wid: number): Promise<EndpointView> {
    const row = await this.own(cid, wid);
    const secret = this.secrets.make();
    row.previousSecret = row.secret;
    row.previousSecretUntil = Date.now() + this.env.WEBHOOK_SECRET_OVERLAP_SECONDS * 1000;
    row.secret = this.secrets.seal(secret);
    await this.endpoints.save(row);
    return { ...present(row), secret };
  }

  /** Sends to an endpoint disabled by a 410 again (the deliveries it missed can be redelivered). */
  async enable(cid: number, wid: number): Promise<EndpointView> {
    const row = await this.own(cid, wid);
    row.disabledAt = null;
    row.disabledReason = null;
    await this.endpoints.save(row);
    return present(row);
  }

  /** The client's enabled endpoints that want this event. */
  async wanting(cid: number, event: string): Promise<WebhookEndpointEntity[]> {
    const rows = await this.endpoints.find({ where: { cid }, order: { id: 'ASC' } });
    return rows.filter((row) => row.disabledAt === null && row.events.split(',').includes(event));
  }

  find(id: number): Promise<WebhookEndpointEntity | null> {
    return this.endpoints.findOneBy({ id });
  }

  async disable(id: number, reason: string): Promise<void> {
    await this.endpoints.update({ id }, { disabledAt: Date.now(), disabledReason: reason.slice(0, 255) });
  }

  /** The secrets that sign a delivery now: the current one, and the one before it during its overlap. */
  signingSecrets(row: WebhookEndpointEntity, now = Date.now()): string[] {
    const secrets = [this.secrets.open(row.secret)];
    if (row.previousSecret && row.previousSecretUntil !== null && row.previousSecretUntil > now) secrets.push(this.secrets.open(row.previousSecret));
    return secrets;
  }

  /** The policy deliveries connect under (the URL guard of URL submissions, URL_ALLOWED_NETWORKS). */
  get addressPolicy(): AddressPolicy {
    return this.policy;
  }

  private async own(cid: number, wid: number): Promise<WebhookEndpointEntity> {
    const row = await this.endpoints.findOneBy({ id: wid, cid });
    if (!row) throw endpointNotFound(wid);
    return row;
  }

  /** An http(s) URL whose host is, and resolves to, addresses the policy allows; checked again at every delivery. */
  private async checkUrl(value: string): Promise<void> {
    const refuse = (message: string) => badRequest(`Invalid request: ${message}`, [{ field: 'url', message }]);
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw refuse('url must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse('url must be an absolute http or https URL');
    if (value.length > MAX_URL_LENGTH) throw refuse(`url must be at most ${MAX_URL_LENGTH} characters`);
    if (url.username || url.password) throw refuse('url must not carry a user name or password');
    const literal = this.policy.literalRefusal(url);
    if (literal) throw refuse(`url may not point at internal addresses (${literal})`);
    let addresses: { address: string }[];
    try {
      addresses = await lookup(url.hostname, { all: true });
    } catch {
      throw refuse('url names a host that could not be resolved');
    }
    const refused = addresses.map((a) => this.policy.refusal(a.address)).find(Boolean);
    if (refused) throw refuse('url may not point at internal addresses');
  }
}

function checkedEvents(events: string[]): WebhookEvent[] {
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (events.length === 0 || unknown.length > 0) {
    const message = `events must list one or more of ${WEBHOOK_EVENTS.join(', ')}`;
    throw badRequest(`Invalid request: ${message}`, [{ field: 'events', message }]);
  }
  return [...new Set(events)] as WebhookEvent[];
}

function present(row: WebhookEndpointEntity): EndpointView {
  const view: EndpointView = { id: row.id, url: row.url, events: row.events.split(',') as WebhookEvent[], createdAt: new Date(row.createdAt).toISOString() };
  if (row.disabledAt !== null) {
    view.disabledAt = new Date(row.disabledAt).toISOString();
    if (row.disabledReason) view.disabledReason = row.disabledReason;
  }
  if (row.previousSecret && row.previousSecretUntil !== null && row.previousSecretUntil > Date.now()) view.previousSecretValidUntil = new Date(row.previousSecretUntil).toISOString();
  return view;
}
