import { Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { Environment } from '../config/environment';

/** Secrets are 24 random bytes, base64, with Standard Webhooks' `whsec_` prefix. */
const SECRET_BYTES = 24;
const SEALED = 'sealed:v1:';
const PLAIN = 'plain:';

export class SecretUnreadable extends Error {}

/**
 * Makes signing secrets and stores them: sealed with AES-256-GCM under
 * WEBHOOK_SECRETS_KEY when it is set (a database dump alone then does not
 * give them away), else as they are. Each stored value says which, so
 * setting the key later still reads the secrets stored before.
 */
@Injectable()
export class WebhookSecrets {
  private readonly key?: Buffer;

  constructor(env: Environment) {
    if (env.WEBHOOK_SECRETS_KEY) this.key = createHash('sha256').update(env.WEBHOOK_SECRETS_KEY).digest();
  }

  make(): string {
    return `whsec_${randomBytes(SECRET_BYTES).toString('base64')}`;
  }

  seal(secret: string): string {
    if (!this.key) return `${PLAIN}${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return `${SEALED}${[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64')).join(':')}`;
  }

  open(stored: string): string {
    if (stored.startsWith(PLAIN)) return stored.slice(PLAIN.length);
    if (!stored.startsWith(SEALED)) throw new SecretUnreadable('A webhook secret is stored in an unknown form');
    if (!this.key) throw new SecretUnreadable('A webhook secret is sealed, but WEBHOOK_SECRETS_KEY is not set');
    const [iv, tag, sealed] = stored.slice(SEALED.length).split(':').map((part) => Buffer.from(part, 'base64'));
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(sealed), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretUnreadable('A webhook secret was sealed with another WEBHOOK_SECRETS_KEY');
    }
  }
}
