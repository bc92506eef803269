import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { OliverClient } from '../support/api';
import { artifact, launchChromium, throughPlainHost } from '../support/browser';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { runToExit, RunningService, startService } from '../support/service';

const ADMIN = { username: 'operator', password: 'correct-horse-battery-staple' };

/**
 * A browser treats 127.0.0.1 and localhost as secure origins, where
 * `upgrade-insecure-requests` does nothing; a server reached by its name over
 * plain HTTP is not, so these pages are opened through such a name.
 */
describe('Swagger UI and the queue dashboard over plain HTTP on a host name', () => {
  let db: TestDatabase;
  let service: RunningService;
  let browser: Browser;

  /**
   * Script errors, console errors and failed requests of a page. Bull Board
   * asks Google for its web font, which the policy refuses (no page of ours
   * loads anything from elsewhere); the board falls back to a local font.
   */
  const watch = (page: Page) => {
    const problems: string[] = [];
    const note = (text: string) => text.includes('https://fonts.googleapis.com/') || problems.push(text);
    page.on('pageerror', (error) => note(error.message));
    page.on('console', (message) => message.type() === 'error' && note(message.text()));
    page.on('requestfailed', (request) => note(`${request.url()}: ${request.failure()?.errorText}`));
    return problems;
  };

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

  test('no upgrade-insecure-requests, no HSTS unless the service is said to be behind TLS', async () => {
    const response = await fetch(`${service.url}/docs`);
    assert.doesNotMatch(response.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'/, 'the policy is still there');
    assert.equal(response.headers.get('strict-transport-security'), null);
    assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
    const tls = await startService({ env: { ...db.env, BEHIND_TLS: 'true' } });
    try {
      const behindTls = await fetch(`${tls.url}/docs`);
      assert.match(behindTls.headers.get('content-security-policy') ?? '', /upgrade-insecure-requests/);
      assert.match(behindTls.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.equal(behindTls.headers.get('cross-origin-opener-policy'), 'same-origin');
    } finally {
      await tls.stop();
    }
    const refused = await runToExit({ ...db.env, BEHIND_TLS: 'perhaps' });
    assert.equal(refused.code, 1);
    assert.match(refused.output, /BEHIND_TLS="perhaps": BEHIND_TLS must be true or false/);
  });

  test('/docs renders the operations', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1200 } });
    const problems = watch(page);
    const url = throughPlainHost(`${service.url}/docs`);
    assert.match(url, /^http:\/\/oliver\.test:\d+\/docs$/);
    await page.goto(url);
    await page.locator('#operations-processes-submitAudio .opblock-summary').waitFor({ timeout: 15_000 });
    assert.ok((await page.locator('.opblock').count()) >= 5, 'the operations are listed');
    await page.screenshot({ path: artifact('plain-http-host-docs.png') });
    assert.deepEqual(problems, []);
  });

  test('/admin/queues renders the queue list', async () => {
    const client = await OliverClient.register(service);
    const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
    await client.settle(submitted.body.pid);
    const page = await browser.newPage({ httpCredentials: ADMIN, viewport: { width: 1280, height: 800 } });
    const problems = watch(page);
    await page.goto(throughPlainHost(`${service.url}/admin/queues`));
    await page.getByText('process-audio').first().waitFor({ timeout: 15_000 });
    await page.getByText('process-audio').first().click();
    await page.getByText(/^\s*completed\s*$/i).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifact('plain-http-host-queue-dashboard.png') });
    assert.deepEqual(problems, []);
  });
});
