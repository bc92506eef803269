import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CallAnalysis } from '../../src/analysis/call-analyser';
import type { ModelRate } from '../../src/analysis/speech-model';
import { analyseFile } from '../support/analyse-file';
import { buildSpeechFixtures, Condition, SpeechFixture } from '../support/speech-fixtures';

type Interval = { st: number; et: number };
const { fixtures, truth } = buildSpeechFixtures();
const seconds = (list: Interval[]) => list.reduce((sum, i) => sum + (i.et - i.st), 0);

/** F1 of speech detection over 10 ms frames: a frame is speech when its middle lies in an interval. */
function frameF1(found: Interval[], expected: Interval[], total: number): number {
  const frames = Math.floor(total * 100);
  const mark = (list: Interval[]) => {
    const out = new Uint8Array(frames);
    for (const i of list) for (let f = Math.max(0, Math.ceil(i.st * 100 - 0.5)); f < Math.min(frames, i.et * 100 - 0.5); f++) out[f] = 1;
    return out;
  };
  const [a, b] = [mark(found), mark(expected)];
  let hit = 0, foundCount = 0, expectedCount = 0;
  for (let f = 0; f < frames; f++) {
    hit += a[f] & b[f];
    foundCount += a[f];
    expectedCount += b[f];
  }
  return (2 * hit) / (foundCount + expectedCount);
}

/** Talk time may be this far off, as a share of the truth: 5% down to 10 dB SNR (and under babble), 8% at 5 dB. */
const talkTolerance = (condition: Condition) => (/^(white|pink)5$/.test(condition) ? 0.08 : 0.05);
const F1_MIN = 0.96;

const results = new Map<string, CallAnalysis>();
const analyse = async (fixture: SpeechFixture, rate?: ModelRate) => {
  const key = `${fixture.name}@${rate ?? 'default'}`;
  if (!results.has(key)) results.set(key, await analyseFile(fixture.path, 2, 0, rate));
  return results.get(key)!;
};

describe('speech, not sound: real and synthetic speech against noise, music, typing, comfort noise and office babble', () => {
  for (const fixture of fixtures) {
    test(fixture.name, async () => {
      const result = await analyse(fixture);
      for (const role of ['agent', 'customer'] as const) {
        const found = result.core.diarization[role]!;
        const f1 = frameF1(found, truth.utterances[role], truth.totalduration);
        assert.ok(f1 >= F1_MIN, `${role}: frame F1 ${f1.toFixed(3)} < ${F1_MIN}`);
        const expected = seconds(truth.utterances[role]);
        const off = Math.abs(result.basic.vad[role]! - expected) / expected;
        assert.ok(off <= talkTolerance(fixture.condition), `${role} talk time ${result.basic.vad[role]} vs ${expected.toFixed(2)} (${(off * 100).toFixed(1)}% off)`);
      }
      const first = Math.min(truth.utterances.agent[0].st, truth.utterances.customer[0].st);
      assert.ok(Math.abs(result.analytics.silences.leadIn - first) <= 0.2, `first word at ${result.analytics.silences.leadIn}, truth ${first.toFixed(2)}`);

      // The hold: music on the agent's channel while the customer is silent, and nothing else.
      const holds = result.analytics.holds!;
      assert.equal(holds.count, 1, `holds ${JSON.stringify(holds.list)}`);
      assert.ok(Math.abs(holds.list[0].st - truth.hold.st) <= 0.5 && Math.abs(holds.list[0].et - truth.hold.et) <= 0.5, `hold ${JSON.stringify(holds.list[0])} vs ${JSON.stringify(truth.hold)}`);
      const music = result.analytics.roles.agent!.nonSpeech;
      assert.ok(music.list.some((i) => i.st <= truth.hold.st + 0.5 && i.et >= truth.hold.et - 0.5), `agent non-speech ${JSON.stringify(music)}`);
      // At 5 dB SNR the quiet ends of notes sink under the noise: most of the music is still heard as sound.
      assert.ok(music.seconds >= 0.75 * (truth.hold.et - truth.hold.st), `agent non-speech seconds ${music.seconds}`);
    });
  }

  test('at its native 8 kHz the model finds speech as well as with the call upsampled to 16 kHz, at half the cost', async () => {
    const meanF1 = async (rate: ModelRate) => {
      let sum = 0;
      const calls = fixtures.filter((f) => f.format === 'mulaw.wav');
      for (const fixture of calls) {
        const result = await analyse(fixture, rate);
        for (const role of ['agent', 'customer'] as const) sum += frameF1(result.core.diarization[role]!, truth.utterances[role], truth.totalduration);
      }
      return sum / (2 * calls.length);
    };
    const [at8, at16] = [await meanF1(8000), await meanF1(16000)];
    assert.ok(at8 >= at16 - 0.002, `mean frame F1 at 8 kHz ${at8.toFixed(4)}, at 16 kHz ${at16.toFixed(4)}`);
  });

  test('typing is non-speech sound, not talk; a quiet line has none', async () => {
    const clicks = await analyse(fixtures.find((f) => f.name === 'clicks-mulaw.wav')!);
    const clean = await analyse(fixtures.find((f) => f.name === 'clean-mulaw.wav')!);
    assert.ok(clicks.analytics.roles.agent!.nonSpeech.seconds > clean.analytics.roles.agent!.nonSpeech.seconds + 3, JSON.stringify(clicks.analytics.roles.agent!.nonSpeech));
    assert.ok(clean.analytics.roles.customer!.nonSpeech.seconds < 1, JSON.stringify(clean.analytics.roles.customer!.nonSpeech));
    assert.deepEqual(clean.analytics.roles.customer!.nonSpeech.list, []);
  });
});
