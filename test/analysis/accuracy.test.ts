import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyseFile } from '../support/analyse-file';
import { buildCallFixtures, Truth } from '../support/call-fixtures';

const { fixtures, truth } = buildCallFixtures();
const seconds = (list: { st: number; et: number }[]) => list.reduce((sum, i) => sum + (i.et - i.st), 0);

/** Time both roles talk, and time nobody talks, from the truth's intervals. */
function truthTotals(t: Truth) {
  let overlap = 0;
  for (const a of t.utterances.agent) for (const c of t.utterances.customer) overlap += Math.max(0, Math.min(a.et, c.et) - Math.max(a.st, c.st));
  return { overlap, silence: t.totalduration - seconds(t.utterances.speaker1) };
}

// Clean calls meet the targets; with noise 20 dB under the speech, weak word edges drown, so the
// tolerance on times widens (counts stay exact).
const TOLERANCE = { clean: { talk: 0.05, seconds: 0.3 }, snr20: { talk: 0.08, seconds: 1.0 } };

describe('analysis accuracy against the ground truth, in every format', () => {
  const { overlap, silence } = truthTotals(truth);

  for (const fixture of fixtures) {
    const tolerance = fixture.noisy ? TOLERANCE.snr20 : TOLERANCE.clean;
    test(fixture.name, async () => {
      const result = await analyseFile(fixture.path, fixture.channels);
      const { basic, analytics } = result;
      const near = (actual: number | undefined, expected: number, within: number, what: string) =>
        assert.ok(actual !== undefined && Math.abs(actual - expected) <= within, `${what}: ${actual} should be ${expected.toFixed(2)} ± ${within.toFixed(2)}`);

      near(basic.totalduration, truth.totalduration, 0.1, 'total duration');
      if (fixture.channels === 2) {
        for (const role of ['agent', 'customer'] as const) {
          const expected = seconds(truth.utterances[role]);
          near(basic.vad[role], expected, tolerance.talk * expected, `${role} talk time`);
          assert.equal(basic.utterances[role], truth.utterances[role].length, `${role} utterances`);
          assert.equal(result.core.diarization[role]!.length, truth.utterances[role].length);
        }
        near(basic.vad.overlap, overlap, tolerance.seconds, 'overlap');
        assert.equal(basic.speakerchanges, 7, 'speaker changes');
        assert.deepEqual(analytics.interruptions.map((i) => [i.by, i.of]), truth.interruptions.map((i) => [i.by, i.of]), 'who interrupted whom');
        near(analytics.interruptions[0].t, truth.interruptions[0].t, 0.2, 'interruption time');
        assert.deepEqual(basic.id, { agent: 0, customer: 1 });
      } else {
        const expected = seconds(truth.utterances.speaker1);
        near(basic.vad.speaker1, expected, tolerance.talk * expected, 'speaker1 talk time');
        assert.equal(basic.utterances.speaker1, truth.utterances.speaker1.length, 'speaker1 utterances');
        assert.deepEqual(Object.keys(basic.vad).sort(), ['silence', 'speaker1']);
      }
      near(basic.vad.silence, silence, tolerance.seconds, 'silence');
      assert.equal(basic.numbeepfound, truth.beeps.length, 'beeps');
      truth.beeps.forEach((t, i) => near(analytics.beeps[i].t, t, 0.2, 'beep time'));
      assert.equal(basic.numringfound, truth.rings.length, 'rings');
      truth.rings.forEach((t, i) => near(analytics.rings[i].t, t, 0.2, 'ring time'));
      assert.ok(analytics.rings.every((r) => r.type === 'us'), 'the ringback is the US 440+480 Hz tone');
      assert.equal(analytics.silences.count, 2, 'the lead-in and the pause before the last exchange');
      near(analytics.silences.leadIn, truth.utterances.speaker1[0].st, 0.2, 'lead-in');
    });
  }
});
