import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { OliverClient } from '../support/api';
import { artifact, launchChromium } from '../support/browser';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

/** The parts of an <img> the tests read (the DOM's types are not in this build). */
type Img = { complete: boolean; naturalWidth: number; naturalHeight: number };

describe('Swagger UI in a real browser', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let browser: Browser;

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: db.env });
    client = await OliverClient.register(service);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    await db?.drop();
  });

  /** Swagger UI, authorised with the client's token, with "Try it out" open on `operationId`. */
  async function tryOperation(operationId: string, viewport = { width: 1280, height: 1600 }) {
    const page = await browser.newPage({ viewport });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => message.type() === 'error' && problems.push(message.text()));

    await page.goto(`${service.url}/docs`);
    await page.locator('button.authorize').first().click();
    await page.locator('.modal-ux input[type="text"], .modal-ux input[type="password"]').first().fill(client.token);
    await page.locator('.modal-ux .auth-btn-wrapper button.authorize').click();
    await page.locator('.modal-ux .auth-btn-wrapper button.btn-done').click();

    const operation = page.locator(`#operations-processes-${operationId}`);
    await operation.locator('.opblock-summary').first().click();
    await operation.locator('button.try-out__btn').click();
    return { page, operation, problems };
  }

  const tryUpload = (viewport?: { width: number; height: number }) => tryOperation('submitAudio', viewport);

  test('authorise with a token, "Try it out" on the upload, and get 200 with a pid', async () => {
    const { page, operation, problems } = await tryUpload();
    await operation.locator('tr[data-param-name="cid"] input').fill(String(client.cid));
    await operation.locator('tr[data-param-name="channels"] select').selectOption('2');
    await operation.locator('tr[data-param-name="calldirection"] select').selectOption('1');
    await operation.locator('tr[data-param-name="agentId"] input').fill('agent-from-the-browser');
    await operation.locator('input[type="file"]').setInputFiles(fixture('pcm.wav').path);
    await operation.locator('button.execute').click();

    const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
    await status.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: artifact('swagger-ui-try-it-out.png'), fullPage: true });
    assert.equal((await status.textContent())?.trim(), '200');
    const body = JSON.parse((await operation.locator('.live-responses-table tr.response .response-col_description pre').first().textContent()) ?? '');
    assert.ok(Number.isInteger(body.pid) && body.pid > 0, JSON.stringify(body));
    assert.equal(body.agentId, 'agent-from-the-browser');
    assert.equal(body.source, basename(fixture('pcm.wav').path));
    assert.equal((await client.process(body.pid)).status, 200, 'the process exists for the API too');
    assert.deepEqual(problems, [], 'no script errors and nothing refused by the content security policy');
  });

  test('"Try it out" sends nothing the user did not enter: two files in a row, two 200s, no example stored', async () => {
    const { page, operation, problems } = await tryUpload({ width: 1280, height: 2400 });
    const input = (name: string) => operation.locator(`tr[data-param-name="${name}"] input`).first();
    for (const name of ['cid', 'agentId', 'customerId', 'ANI', 'meta', 'calltime', 'tag', 'Idempotency-Key']) {
      assert.equal(await input(name).inputValue(), '', `${name} starts empty`);
    }
    const agentRow = operation.locator('tr[data-param-name="agentId"] td.parameters-col_description').first();
    assert.match((await agentRow.textContent()) ?? '', /Example: agent-042/, 'the example is shown beside the empty field');
    await input('cid').fill(String(client.cid));
    await operation.locator('tr[data-param-name="channels"] select').selectOption('2');
    await operation.locator('tr[data-param-name="calldirection"] select').selectOption('1');

    const pids: number[] = [];
    for (const [round, file] of [fixture('pcm.wav').path, fixture('call.flac').path].entries()) {
      await operation.locator('input[type="file"]').setInputFiles(file);
      await operation.locator('button.execute').click();
      const body = operation.locator('.live-responses-table tr.response .response-col_description pre').first();
      // The second answer replaces the first in the same place.
      await waitFor(async () => {
        const text = (await body.count()) > 0 ? ((await body.textContent()) ?? '') : '';
        return /"pid"/.test(text) && !text.includes(`"pid": ${pids[0]},`);
      }, 15_000);
      await page.screenshot({ path: artifact(`swagger-ui-try-it-out-${round + 1}.png`), fullPage: true });
      const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
      assert.equal((await status.textContent())?.trim(), '200', `try ${round + 1}`);
      pids.push((JSON.parse((await body.textContent()) ?? '') as { pid: number }).pid);
    }
    assert.equal(new Set(pids).size, 2, 'two processes');
    const made = ['agentId', 'agentTeam', 'customerId', 'customerInd', 'campaignId', 'name', 'ANI', 'calltype', 'calltime', 'meta', 'predictionmode', 'tasks'];
    for (const pid of pids) {
      const { status, body } = await client.process(pid);
      assert.equal(status, 200);
      for (const field of made) assert.ok(body[field] === undefined || body[field] === null || body[field] === '', `pid ${pid}: ${field} is ${JSON.stringify(body[field])}`);
      assert.ok(body.tag === undefined || body.tag === null || body.tag.length === 0, `pid ${pid}: tag is ${JSON.stringify(body.tag)}`);
    }
    assert.deepEqual(problems, []);
  });

  for (const [operationId, signed] of [
    ['getProcessTimeline', false],
    ['getSignedTimeline', true],
  ] as const) {
    test(`"Try it out" on ${operationId} shows the timeline as a picture, not as SVG source`, async () => {
      const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
      await client.settle(submitted.body.pid);
      const { page, operation, problems } = await tryOperation(operationId, { width: 1280, height: 2000 });
      await operation.locator('tr[data-param-name="cid"] input').fill(String(client.cid));
      await operation.locator('tr[data-param-name="pid"] input').fill(String(submitted.body.pid));
      if (signed) {
        const link = new URL((await client.result(submitted.body.pid)).body.links.timeline, service.url);
        await operation.locator('tr[data-param-name="expires"] input').fill(link.searchParams.get('expires')!);
        await operation.locator('tr[data-param-name="signature"] input').fill(link.searchParams.get('signature')!);
      }
      await operation.locator('button.execute').click();

      const status = operation.locator('.live-responses-table tr.response .response-col_status').first();
      await status.waitFor({ timeout: 15_000 });
      assert.equal((await status.textContent())?.trim(), '200');
      const picture = operation.locator('.live-responses-table tr.response .response-col_description img');
      await picture.waitFor({ timeout: 5000 }).catch(() => undefined);
      if ((await picture.count()) > 0) await picture.scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`swagger-ui-${operationId}.png`), fullPage: true });
      assert.equal(await picture.count(), 1, 'the answer is shown as an image');
      await waitFor(() => picture.evaluate((img) => (img as unknown as Img).complete), 5000);
      const size = await picture.evaluate((element) => {
        const img = element as unknown as Img;
        return { width: img.naturalWidth, height: img.naturalHeight };
      });
      assert.ok(size.width > 0 && size.height > 0, `the picture decoded: ${JSON.stringify(size)}`);
      const shown = (await operation.locator('.live-responses-table tr.response .response-col_description').first().textContent()) ?? '';
      assert.doesNotMatch(shown, /<svg|xmlns/, 'no SVG source shown as text');
      assert.deepEqual(problems, [], 'no script errors and nothing refused by the content security policy');
    });
  }
});
