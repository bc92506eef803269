import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { OliverClient } from '../support/api';
import { artifact, launchChromium } from '../support/browser';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService } from '../support/service';

const ADMIN = { username: 'operator', password: 'correct-horse-battery-staple' };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the queue dashboard at /admin/queues', () => {
  let db: TestDatabase;
  let service: RunningService;
  let browser: Browser;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, ADMIN_USER: ADMIN.username, ADMIN_PASSWORD: ADMIN.password } });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    await db?.drop();
  });

  test('asks for the admin credential and refuses a wrong one', async () => {
    const anonymous = await fetch(`${service.url}/admin/queues`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get('www-authenticate') ?? '', /^Basic realm="Oliver queue dashboard"/);
    const wrong = await fetch(`${service.url}/admin/queues/api/queues`, { headers: { Authorization: basic(ADMIN.username, 'guess') } });
    assert.equal(wrong.status, 401);
    const token = await OliverClient.register(service);
    const client = await fetch(`${service.url}/admin/queues`, { headers: { 'X-Auth-Token': token.token } });
    assert.equal(client.status, 401, "a client's token is no admin credential");
  });

  test('with it, the board lists the queues (calls to analyse, webhook deliveries) and their jobs', async () => {
    const client = await OliverClient.register(service);
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    await client.settle(submitted.body.pid);
    const api = await fetch(`${service.url}/admin/queues/api/queues?activeQueue=process-audio&status=latest`, { headers: { Authorization: basic(ADMIN.username, ADMIN.password) } });
    assert.equal(api.status, 200);
    const { queues } = (await api.json()) as { queues: { name: string; counts: Record<string, number> }[] };
    assert.deepEqual(queues.map((q) => q.name), ['process-audio', 'webhook-deliveries']);
    assert.equal(queues[0].counts.failed, 0);

    const page = await browser.newPage({ httpCredentials: ADMIN, viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${service.url}/admin/queues`);
    await page.getByText('process-audio').first().click();
    for (const state of ['active', 'waiting', 'completed', 'failed', 'delayed']) {
      await page.getByText(new RegExp(`^\\s*${state}\\s*$`, 'i')).first().waitFor({ timeout: 15_000 });
    }
    await page.screenshot({ path: artifact('queue-dashboard.png') });
    assert.deepEqual(problems, []);
  });

  test('without ADMIN_PASSWORD the dashboard is off', async () => {
    const plain = await startService({ env: db.env });
    try {
      const response = await fetch(`${plain.url}/admin/queues`, { headers: { Authorization: basic('admin', 'anything-at-all') } });
      assert.equal(response.status, 404);
      assert.deepEqual(await response.json(), { code: 404, message: 'The queue dashboard is off; set ADMIN_PASSWORD to turn it on' });
    } finally {
      await plain.stop();
    }
  });
});
