import { Injectable, OnModuleInit } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';

/** Where a signed timeline link points; the token route is `/client/:cid/process/:pid/timeline.svg`. */
export const signedTimelinePath = (cid: number, pid: number) => `/shared/client/${cid}/process/${pid}/timeline.svg`;

/**
 * Links to a call's timeline that a browser opens without a token: the path
 * carries the client and the process, the query an expiry (Unix seconds)
 * and an HMAC-SHA256 (RFC 2104) of the three under a server key. No client
 * token ever goes into a URL, since URLs end up in logs and histories.
 *
 * The key is LINK_SIGNING_SECRET, or else the random key made with the
 * database (table link_signing_key): the same for every API node, so a link
 * signed by one node verifies on another.
 */
@Injectable()
export class TimelineLinks implements OnModuleInit {
  private key?: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.env.LINK_SIGNING_SECRET) {
      this.key = Buffer.from(this.env.LINK_SIGNING_SECRET, 'utf8');
      return;
    }
    const rows = (await this.dataSource.query('SELECT secret FROM link_signing_key')) as { secret: string }[];
    if (rows.length !== 1) throw new Error(`The link_signing_key table holds ${rows.length} rows instead of one`);
    this.key = Buffer.from(rows[0].secret, 'hex');
  }

  /** A link valid for LINK_TTL_SECONDS from `now` (milliseconds since the epoch). */
  sign(cid: number, pid: number, now = Date.now()): string {
    const expires = Math.floor(now / 1000) + this.env.LINK_TTL_SECONDS;
    return `${signedTimelinePath(cid, pid)}?expires=${expires}&signature=${this.mac(cid, pid, String(expires)).toString('base64url')}`;
  }

  /**
   * Whether `expires` and `signature` (as they came in the query: anything)
   * were made by {@link sign} for this client and process and the link has not
   * expired at `now`. Compared in constant time.
   */
  verify(cid: number, pid: number, expires: unknown, signature: unknown, now = Date.now()): boolean {
    if (typeof expires !== 'string' || !/^\d{1,12}$/.test(expires) || typeof signature !== 'string') return false;
    if (Number(expires) * 1000 <= now) return false;
    const given = Buffer.from(signature, 'base64url');
    const wanted = this.mac(cid, pid, expires);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  /** HMAC-SHA256 of what the link grants; the purpose leads, so a MAC of this key for anything else never passes. */
  private mac(cid: number, pid: number, expires: string): Buffer {
    if (!this.key) throw new Error('The link signing key is read at start');
    return createHmac('sha256', this.key).update(`timeline\n${cid}\n${pid}\n${expires}`).digest();
  }
}
