import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { OliverClient } from '../support/api';
import { artifact, launchChromium } from '../support/browser';
import { buildCallFixtures } from '../support/call-fixtures';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService } from '../support/service';

const { fixtures, truth } = buildCallFixtures();
const call = fixtures.find((f) => f.name === 'clean-stereo-pcm.wav')!;

describe('the call timeline, rendered by a browser', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let browser: Browser;
  let page: Page;

  const boxes = async (selector: string) => {
    const found = await page.locator(selector).all();
    return Promise.all(found.map(async (element) => (await element.boundingBox())!));
  };

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: db.env });
    client = OliverClient.register(service);
    const submitted = await client.submitFile(call.path, { channels: 2, calldirection: 1 });
    await client.settle(submitted.body.pid);
    const { body: result } = await client.result(submitted.body.pid);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 400 }, extraHTTPHeaders: { 'X-Auth-Token': client.token } });
    const response = await page.goto(`${service.url}${result.links.timeline}`);
    assert.equal(response?.status(), 200);
    await page.screenshot({ path: artifact('timeline.png') });
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
    await db?.drop();
  });

  test('the browser renders it as SVG, the whole width of the picture', async () => {
    assert.equal(await page.evaluate('document.documentElement.namespaceURI'), 'http://www.w3.org/2000/svg');
    const svg = (await boxes('svg'))[0];
    assert.equal(svg.width, 1200);
    assert.ok(svg.height > 200);
  });

  test('agent above customer, one visible mark per utterance, in time order', async () => {
    const agent = await boxes('rect.utterance.agent');
    const customer = await boxes('rect.utterance.customer');
    assert.equal(agent.length, truth.utterances.agent.length);
    assert.equal(customer.length, truth.utterances.customer.length);
    for (const lane of [agent, customer]) {
      for (const box of lane) assert.ok(box.width > 0 && box.height > 0 && box.x >= 100 && box.x + box.width <= 1200);
      for (let i = 1; i < lane.length; i++) assert.ok(lane[i].x > lane[i - 1].x);
    }
    assert.ok(agent[0].y + agent[0].height <= customer[0].y, 'the agent lane is above the customer lane');
    // The first agent utterance starts where the truth says, on the picture's scale.
    const scale = (1200 - 110 - 30) / truth.totalduration;
    assert.ok(Math.abs(agent[0].x - (110 + truth.utterances.agent[0].st * scale)) < 0.15 * scale + 2);
  });

  test('each interruption is marked inside a span where both talk', async () => {
    const interruptions = await boxes('path.interruption');
    const overlaps = await boxes('rect.overlap');
    assert.equal(interruptions.length, truth.interruptions.length);
    for (const mark of interruptions) {
      const middle = mark.x + mark.width / 2;
      assert.ok(overlaps.some((o) => middle >= o.x - 1 && middle <= o.x + o.width + 1), 'the marker sits on an overlap');
    }
  });

  test('the long silence and the time axis', async () => {
    assert.ok((await boxes('rect.silence')).length >= 1);
    const labels = await page.locator('text.tick-label').allTextContents();
    assert.equal(labels[0], '0:00');
    assert.ok(labels.length >= 3 && labels.length <= 13, labels.join(' '));
    assert.match(await page.locator('svg > title').textContent() ?? '', /^Timeline of process \d+$/);
  });
});
