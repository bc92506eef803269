import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallAnalyser } from '../../src/analysis/call-analyser';
import { gaps, intersection, toUtterances, union } from '../../src/analysis/intervals';
import { PitchEstimator } from '../../src/analysis/pitch';
import { speechModel } from '../../src/analysis/speech-model';
import { hiss, pcm, RATE, sum, tone } from '../support/pcm';

async function analyse(buffer: Buffer, channels: 1 | 2, chunk = 4093) {
  const analyser = new CallAnalyser({ sampleRate: RATE, channels, agentChannel: 0, speechModel: await speechModel() });
  // Odd chunk sizes: frames split across pushes must be carried over correctly.
  for (let i = 0; i < buffer.length; i += chunk) await analyser.push(buffer.subarray(i, i + chunk));
  return analyser.finish();
}

describe('ring and beep detection', () => {
  test('UK ringback (400+450 Hz, double ring) and EU ringing (425 Hz) are told apart and counted', async () => {
    const uk = sum(tone(400, 0.2, 1, 1.4), tone(450, 0.2, 1, 1.4), tone(400, 0.2, 1.6, 2.0), tone(450, 0.2, 1.6, 2.0), hiss(0.002));
    const eu = sum(tone(425, 0.3, 4, 5), tone(425, 0.3, 9, 10), hiss(0.002));
    const result = await analyse(pcm(11, sum(uk, eu)), 1);
    assert.deepEqual(result.analytics.rings.map((r) => [Math.round(r.t), r.type]), [[1, 'uk'], [4, 'eu'], [9, 'eu']]);
    assert.equal(result.basic.numringfound, 3);
    assert.equal(result.basic.numbeepfound, 0);
    assert.equal(result.basic.vad.speaker1, 0, 'tones are not speech');
  });

  test('beeps of 0.1 to 1.5 s are counted with their frequency; longer tones are not beeps', async () => {
    const signal = sum(tone(1400, 0.3, 1, 1.15), tone(1000, 0.3, 3, 4.2), tone(2000, 0.3, 6, 8.5), hiss(0.002));
    const result = await analyse(pcm(10, signal), 1);
    assert.deepEqual(result.analytics.beeps.map((b) => [b.t, b.frequency]).map(([t, f]) => [Math.round(t * 10) / 10, Math.round(f / 100) * 100]), [[1, 1400], [3, 1000]]);
  });

  test('a beep recorded on both channels is one beep', async () => {
    const beep = sum(tone(1000, 0.3, 2, 2.4), hiss(0.002));
    assert.equal((await analyse(pcm(4, beep, beep), 2)).basic.numbeepfound, 1);
  });
});

describe('quality and levels', () => {
  test('clipping is measured per role and silence alone yields no loudness or pitch', async () => {
    const clipped = (t: number) => (t >= 1 && t < 2 ? Math.sign(Math.sin(2 * Math.PI * 150 * t)) * 1.2 * Math.abs(Math.sin(2 * Math.PI * 3 * t)) : 0);
    const result = await analyse(pcm(3, sum(clipped, hiss(0.001)), hiss(0.001)), 2);
    assert.ok(result.analytics.roles.agent!.quality.clippingRatio > 0.05, JSON.stringify(result.analytics.roles.agent));
    assert.equal(result.analytics.roles.customer!.quality.clippingRatio, 0);
    assert.equal(result.analytics.roles.customer!.loudness, undefined);
    assert.equal(result.analytics.roles.customer!.pitch, undefined);
  });

  test('the pitch estimator finds the fundamental of a voiced-like harmonic sound', () => {
    for (const hz of [90, 120, 180, 240, 310]) {
      const window = new Int16Array(480);
      for (let i = 0; i < window.length; i++) {
        let v = 0;
        for (let k = 1; k * hz < 3400; k++) v += Math.sin(2 * Math.PI * k * hz * (i / RATE) + k) / k;
        window[i] = Math.round(6000 * v);
      }
      const found = new PitchEstimator(RATE, 480).estimate(window)!;
      assert.ok(Math.abs(found - hz) / hz < 0.03, `${hz} Hz read as ${found}`);
    }
  });
});

describe('interval arithmetic', () => {
  test('utterances merge across short pauses and drop blips', () => {
    assert.deepEqual(toUtterances([{ st: 0, et: 1 }, { st: 1.4, et: 2 }, { st: 3, et: 3.1 }, { st: 4, et: 5 }], 0.5, 0.2), [{ st: 0, et: 2 }, { st: 4, et: 5 }]);
  });

  test('union, intersection and gaps', () => {
    const a = [{ st: 0, et: 2 }, { st: 5, et: 6 }];
    const b = [{ st: 1, et: 3 }, { st: 5.5, et: 7 }];
    assert.deepEqual(union(a, b), [{ st: 0, et: 3 }, { st: 5, et: 7 }]);
    assert.deepEqual(intersection(a, b), [{ st: 1, et: 2 }, { st: 5.5, et: 6 }]);
    assert.deepEqual(gaps(union(a, b), 8), [{ st: 3, et: 5 }, { st: 7, et: 8 }]);
  });
});
