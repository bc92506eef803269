import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { OliverClient } from '../support/api';
import { artifact, launchChromium } from '../support/browser';
import { buildCallFixtures } from '../support/call-fixtures';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { RunningService, startService } from '../support/service';
import { renderTimeline } from '../../src/publish/timeline-svg';

const { fixtures, truth } = buildCallFixtures();
const call = fixtures.find((f) => f.name === 'clean-stereo-pcm.wav')!;

describe('the call timeline, opened by a browser through its signed link', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  let browser: Browser;
  let page: Page;
  let pid: number;

  const boxes = async (selector: string) => {
    const found = await page.locator(selector).all();
    return Promise.all(found.map(async (element) => (await element.boundingBox())!));
  };

  before(async () => {
    db = await createTestDatabase('sqlite');
    service = await startService({ env: db.env });
    client = await OliverClient.register(service);
    const submitted = await client.submitFile(call.path, { channels: 2, calldirection: 1, agentId: 'agent-042', calltime: '2026-05-14T09:30:00Z' });
    pid = submitted.body.pid;
    await client.settle(submitted.body.pid);
    const { body: result } = await client.result(submitted.body.pid);
    browser = await launchChromium();
    // The signed link alone, as an analyst clicks it: no token, no header.
    page = await browser.newPage({ viewport: { width: 1200, height: 400 } });
    const response = await page.goto(`${service.url}${result.links.timeline}`);
    assert.equal(response?.status(), 200);
    assert.equal(response?.headers()['content-type'], 'image/svg+xml; charset=utf-8');
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

  test('the heading names the agent, the call time and the direction; the legend names the interruption mark', async () => {
    const heading = page.locator('text.heading');
    assert.match((await heading.textContent()) ?? '', /^Process \d+ · Incoming call · agent agent-042 · 2026-05-14T09:30:00Z · /);
    const box = (await heading.boundingBox())!;
    assert.ok(box.width > 300 && box.x + box.width <= 1200, 'the heading is drawn inside the picture');
    const legend = await page.locator('g.legend text').allTextContents();
    for (const entry of ['Agent', 'Customer', 'Both talk', 'Interruption', 'Not speech', 'Hold', 'Silence', 'Ringback', 'Beep', 'Keypad tone']) assert.ok(legend.includes(entry), legend.join(', '));
    for (const label of await page.locator('g.legend text').all()) {
      const b = (await label.boundingBox())!;
      assert.ok(b.width > 0 && b.x + b.width <= 1200, 'every legend entry is inside the picture');
    }
  });

  test('the longest client fields are shortened so the whole heading, the call length last, is drawn inside the picture', async () => {
    const { body: result } = await client.result(pid);
    const wide = await browser.newPage({ viewport: { width: 1200, height: 400 } });
    try {
      for (const agentId of ['A'.repeat(255), 'W'.repeat(255), '@'.repeat(255), '\u6e2c'.repeat(255), '0'.repeat(255)]) {
        const svg = renderTimeline({ pid: 2_000_000_000, call: { agentId, calltime: 'M'.repeat(100), calldirection: 2 }, analysis: { ...result, basic: { ...result.basic, totalduration: 14_399 } } });
        await wide.setContent(svg);
        const heading = wide.locator('text.heading');
        assert.match((await heading.textContent()) ?? '', /… · 239:59 \(14399 s\) · \d+ speaker changes?$/);
        const box = (await heading.boundingBox())!;
        assert.ok(box.x >= 0 && box.x + box.width <= 1200, `drawn inside the picture: ${box.x}+${box.width} for ${agentId[0]}`);
      }
    } finally {
      await wide.close();
    }
  });
});
