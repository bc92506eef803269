import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { ANALYSIS_VERSION } from '../../src/analysis/version';
import { OliverClient } from '../support/api';
import { buildCallFixtures } from '../support/call-fixtures';
import { createTestDatabase, sql, TestDatabase } from '../support/databases';
import { RunningService, startService, tempDir } from '../support/service';

const { fixtures, truth } = buildCallFixtures();
const stereo = fixtures.find((f) => f.name === 'clean-stereo-mulaw.wav')!;
const mono = fixtures.find((f) => f.name === 'clean-mono-call.mp3')!;

describe('results through the API', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;

  before(async () => {
    db = await createTestDatabase('postgres');
    service = await startService({ env: db.env });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  test('a stereo call: basic, core.diarization and analytics in the contract shape, written once', async () => {
    const submitted = await client.submitFile(stereo.path, { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const done = await client.settle(submitted.body.pid);
    assert.equal(done.status, 2, done.statusmsg);
    assert.ok(!('progress' in done), 'progress shows only while processing');
    const { status, body } = await client.result(submitted.body.pid);
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body).sort(), ['analysisVersion', 'analytics', 'basic', 'core', 'links']);
    assert.equal(body.analysisVersion, ANALYSIS_VERSION);
    assert.match(body.links.timeline, new RegExp(`^/shared/client/${client.cid}/process/${submitted.body.pid}/timeline\\.svg\\?expires=\\d+&signature=[\\w-]+$`));
    assert.ok(!('kpi' in body), 'outputs that need trained models are left out');
    assert.deepEqual(Object.keys(body.basic).sort(), ['id', 'numbeepfound', 'numringfound', 'speakerchanges', 'totalduration', 'utterances', 'vad']);
    assert.deepEqual(Object.keys(body.basic.vad).sort(), ['agent', 'customer', 'overlap', 'silence']);
    assert.equal(body.basic.utterances.agent, truth.utterances.agent.length);
    assert.equal(body.core.diarization.customer.length, truth.utterances.customer.length);
    for (const u of body.core.diarization.agent) assert.ok(u.st < u.et);
    const agent = body.analytics.roles.agent;
    assert.ok(agent.pitch.medianHz > 60 && agent.pitch.medianHz < 200, JSON.stringify(agent.pitch));
    assert.ok(body.analytics.roles.customer.pitch.medianHz > agent.pitch.medianHz, 'the customer voice is the higher one');
    assert.ok(agent.loudness.meanDbfs < 0 && agent.loudness.p95Dbfs >= agent.loudness.meanDbfs);
    assert.ok(agent.quality.snrDb > 20);
    assert.equal(body.analytics.interruptions[0].by, 'customer');
    assert.deepEqual(await sql(db, 'SELECT analysis_version FROM process_results WHERE pid = ?', [submitted.body.pid]), [{ analysis_version: ANALYSIS_VERSION }]);
  });

  test('the timeline of a stereo call: a lane per role, a mark per utterance, overlap, interruption and silence, and an axis', async () => {
    const submitted = await client.submitFile(stereo.path, { channels: 2, calldirection: 1 });
    const early = await client.get(`/client/${client.cid}/process/${submitted.body.pid}/timeline.svg`);
    assert.ok([200, 503].includes(early.status), 'before completion: 503 (or already done)');
    await client.settle(submitted.body.pid);
    const { body: result } = await client.result(submitted.body.pid);
    const response = await fetch(`${service.url}${result.links.timeline}`, { headers: { 'X-Auth-Token': client.token } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
    const svg = await response.text();
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const count = (pattern: RegExp) => (svg.match(pattern) ?? []).length;
    assert.equal(count(/class="utterance agent"/g), truth.utterances.agent.length);
    assert.equal(count(/class="utterance customer"/g), truth.utterances.customer.length);
    assert.equal(count(/class="interruption"/g), truth.interruptions.length);
    assert.ok(count(/class="overlap"/g) >= truth.interruptions.length);
    assert.equal(count(/class="silence"/g), result.analytics.silences.list.length);
    // The ringback before the answer (two 2 s rings) is sound on the customer's line, not speech, and no hold.
    const ringback = result.analytics.roles.customer.nonSpeech;
    assert.ok(ringback.seconds >= 3.5, JSON.stringify(ringback));
    assert.equal(count(/class="non-speech customer"/g), ringback.list.length);
    assert.deepEqual(result.analytics.holds, { minimumSeconds: 5, count: 0, total: 0, list: [] });
    assert.match(svg, />Not speech</);
    assert.ok(count(/class="tick"/g) >= 3);
    assert.match(svg, /<title>Customer interrupts Agent at /);
  });

  test('a mono call reports one track, speaker1', async () => {
    const submitted = await client.submitFile(mono.path, { channels: 1, calldirection: 2 });
    assert.equal((await client.settle(submitted.body.pid)).status, 2);
    const { body } = await client.result(submitted.body.pid);
    assert.deepEqual(body.basic.id, { speaker1: 0 });
    assert.deepEqual(Object.keys(body.core.diarization), ['speaker1']);
    assert.equal(body.basic.speakerchanges, 0);
  });

  test('agentChannel 1 swaps the roles', async () => {
    const submitted = await client.submitFile(stereo.path, { channels: 2, calldirection: 1, agentChannel: 1 });
    assert.equal((await client.settle(submitted.body.pid)).status, 2);
    const { body } = await client.result(submitted.body.pid);
    assert.deepEqual(body.basic.id, { agent: 1, customer: 0 });
    assert.equal(body.analytics.interruptions[0].by, 'agent');
  });

  // Half an hour: long enough to be seen mid-way, short enough for the speech model on a loaded machine.
  test('a half-hour call shows its progress (0-100) while status is 1', async () => {
    const long = `${tempDir('long')}/half-hour.wav`;
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', stereo.path, '-t', '1800', '-c:a', 'pcm_mulaw', long]);
    const submitted = await client.submitFile(long, { channels: 2, calldirection: 1 });
    assert.equal(submitted.status, 200);
    const seen: number[] = [];
    let last: any;
    const deadline = Date.now() + 600_000;
    do {
      last = (await client.process(submitted.body.pid)).body;
      if (last.status === 1 && typeof last.progress === 'number') seen.push(last.progress);
    } while (last.status !== 2 && last.status !== -2 && Date.now() < deadline);
    assert.equal(last.status, 2, last.statusmsg);
    assert.ok(seen.some((p) => p > 0 && p < 100), `progress seen: ${seen.join(', ')}`);
    assert.deepEqual(seen, [...seen].sort((a, b) => a - b), 'progress only grows');
    assert.ok(Math.abs(last.duration - 1800) < 0.1);
  });
});
