import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import type { Environment } from '../../src/config/environment';
import { webhookRetryDelay } from '../../src/queue/queue.constants';
import { SecretUnreadable, WebhookSecrets } from '../../src/webhooks/webhook-secrets';

const KEY = 'a-server-key-of-at-least-thirty-two-chars';

test('a secret sealed under WEBHOOK_SECRETS_KEY opens only with that key, and its stored form does not show it', () => {
  const sealing = new WebhookSecrets({ WEBHOOK_SECRETS_KEY: KEY } as Environment);
  const secret = sealing.make();
  assert.match(secret, /^whsec_[A-Za-z0-9+/]{32}$/);
  const stored = sealing.seal(secret);
  assert.ok(stored.startsWith('sealed:v1:') && !stored.includes(secret.slice(6)));
  assert.notEqual(sealing.seal(secret), stored, 'a fresh nonce every time');
  assert.equal(sealing.open(stored), secret);
  assert.throws(() => new WebhookSecrets({ WEBHOOK_SECRETS_KEY: `${KEY}-other` } as Environment).open(stored), SecretUnreadable);
  assert.throws(() => new WebhookSecrets({} as Environment).open(stored), /WEBHOOK_SECRETS_KEY is not set/);
});

test('without a key secrets are stored as they are, and still read once a key is set', () => {
  const plain = new WebhookSecrets({} as Environment);
  const secret = plain.make();
  const stored = plain.seal(secret);
  assert.equal(stored, `plain:${secret}`);
  assert.equal(new WebhookSecrets({ WEBHOOK_SECRETS_KEY: KEY } as Environment).open(stored), secret);
});

test('a signature is the Standard Webhooks HMAC-SHA256 of id, timestamp and body under the secret', () => {
  const secret = new WebhookSecrets({} as Environment).make();
  const signature = new Webhook(secret).sign('msg_1', new Date(1_700_000_000_000), '{"a":1}');
  const expected = createHmac('sha256', Buffer.from(secret.slice(6), 'base64')).update('msg_1.1700000000.{"a":1}').digest('base64');
  assert.equal(signature, `v1,${expected}`);
});

test('deliveries back off exponentially from the base, up to the longest wait', () => {
  const delay = webhookRetryDelay(5000, 3_600_000);
  assert.deepEqual([1, 2, 3, 4].map(delay), [5000, 10_000, 20_000, 40_000]);
  assert.equal(delay(20), 3_600_000);
  assert.equal(delay(500), 3_600_000);
});
