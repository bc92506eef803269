import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import type { DataSource } from 'typeorm';
import { validateEnvironment } from '../../src/config/environment';
import { TimelineLinks } from '../../src/publish/timeline-links';

const SECRET = 'a-link-signing-secret-of-32-chars!!';
const NOW = Date.UTC(2026, 4, 14, 9, 30);

/** Links signed with LINK_SIGNING_SECRET; the database is never asked. */
async function links(env: Record<string, string> = {}): Promise<TimelineLinks> {
  const noDatabase = { query: () => assert.fail('the database is not read when LINK_SIGNING_SECRET is set') } as unknown as DataSource;
  const made = new TimelineLinks(noDatabase, validateEnvironment({ LINK_SIGNING_SECRET: SECRET, ...env }));
  await made.onModuleInit();
  return made;
}

const parts = (link: string) => {
  const params = new URL(link, 'http://x').searchParams;
  return { expires: params.get('expires')!, signature: params.get('signature')! };
};

test('a link is the documented HMAC-SHA256 of purpose, client, process and expiry, valid LINK_TTL_SECONDS', async () => {
  const link = (await links({ LINK_TTL_SECONDS: '600' })).sign(7, 1042, NOW);
  const expires = NOW / 1000 + 600;
  const mac = createHmac('sha256', SECRET).update(`timeline\n7\n1042\n${expires}`).digest('base64url');
  assert.equal(link, `/shared/client/7/process/1042/timeline.svg?expires=${expires}&signature=${mac}`);
});

test('verify: the same client and process before expiry only', async () => {
  const signer = await links();
  const { expires, signature } = parts(signer.sign(7, 1042, NOW));
  assert.equal(signer.verify(7, 1042, expires, signature, NOW), true);
  assert.equal(signer.verify(7, 1042, expires, signature, NOW + 3599_000), true);
  assert.equal(signer.verify(7, 1042, expires, signature, NOW + 3600_000), false, 'expired');
  assert.equal(signer.verify(8, 1042, expires, signature, NOW), false, 'another client');
  assert.equal(signer.verify(7, 1043, expires, signature, NOW), false, 'another process');
  assert.equal(signer.verify(7, 1042, String(Number(expires) + 1), signature, NOW), false, 'a later expiry');
  for (const bad of [undefined, '', [signature, signature], signature.slice(1), `${signature}A`]) {
    assert.equal(signer.verify(7, 1042, expires, bad, NOW), false, JSON.stringify(bad));
  }
  for (const bad of [undefined, '', '1e10', ` ${expires}`, [expires]]) assert.equal(signer.verify(7, 1042, bad, signature, NOW), false, JSON.stringify(bad));
  const other = new TimelineLinks({} as DataSource, validateEnvironment({ LINK_SIGNING_SECRET: `${SECRET}x` }));
  await other.onModuleInit();
  assert.equal(other.verify(7, 1042, expires, signature, NOW), false, 'another key');
});

test('LINK_SIGNING_SECRET shorter than 32 characters and LINK_TTL_SECONDS under a minute are refused at start', () => {
  assert.throws(() => validateEnvironment({ LINK_SIGNING_SECRET: 'short' }), /LINK_SIGNING_SECRET must be at least 32 characters/);
  assert.throws(() => validateEnvironment({ LINK_TTL_SECONDS: '5' }), /LINK_TTL_SECONDS/);
});
