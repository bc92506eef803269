import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CallAnalyser } from '../../src/analysis/call-analyser';
import { speechModel } from '../../src/analysis/speech-model';
import { ANALYSIS_VERSION } from '../../src/analysis/version';
import { Assert, mapResult, Mirror } from '../../src/publish/result.dto';
import { keypad, sequence } from '../support/keypad';
import { hiss, pcm, RATE, sum, tone } from '../support/pcm';

/*
 * The drift check is a type: these lines compile only while `Mirror` refuses
 * each kind of drift (an unused @ts-expect-error is itself an error).
 */
// @ts-expect-error a measurement without a wire field
export type MeasurementWithoutWireField = Assert<Mirror<{ a: number; b: number }, { a: number }>>;
// @ts-expect-error a wire field without a measurement
export type WireFieldWithoutMeasurement = Assert<Mirror<{ a: number }, { a: number; b?: number }>>;
// @ts-expect-error drift inside the elements of a list
export type DriftInAList = Assert<Mirror<{ list: { st: number; et: number }[] }, { list: { st: number }[] }>>;
// @ts-expect-error drift in an optional block
export type DriftInAnOptionalBlock = Assert<Mirror<{ pitch?: { hz: number } }, { pitch?: { medianHz: number } }>>;
export type SameShape = Assert<Mirror<{ a: number; list: { st: number }[]; pitch?: { hz: number } }, { a: number; list: { st: number }[]; pitch?: { hz: number } }>>;

async function analysed(channels: 1 | 2) {
  const voice = (from: number, to: number) => (t: number) => (t >= from && t < to ? 0.3 * Math.sin(2 * Math.PI * 140 * t) * (1 + Math.sin(2 * Math.PI * 4 * t)) : 0);
  const agent = sum(voice(0.5, 2.5), tone(1000, 0.3, 3, 3.4), keypad(sequence('12', 4, [0.08], [0.1])), hiss(0.002));
  const customer = sum(voice(2.2, 3.8), hiss(0.002));
  const analyser = new CallAnalyser({ sampleRate: RATE, channels, agentChannel: 0, speechModel: await speechModel() });
  await analyser.push(channels === 2 ? pcm(5, agent, customer) : pcm(5, sum(agent, customer)));
  return analyser.finish();
}

describe('the result on the wire', () => {
  for (const channels of [2, 1] as const) {
    test(`the wire shows every measurement under its own name, plus the links and the analysis version (${channels === 2 ? 'stereo' : 'mono'})`, async () => {
      const analysis = await analysed(channels);
      const wire = JSON.parse(JSON.stringify(mapResult({ analysis, analysisVersion: ANALYSIS_VERSION }, '/client/1/process/2/timeline.svg')));
      assert.deepEqual(wire, { ...analysis, links: { timeline: '/client/1/process/2/timeline.svg' }, analysisVersion: ANALYSIS_VERSION });
    });
  }

  test('a result of analysis version 1, made before keypad tones and the speech model, leaves them out rather than showing 0', async () => {
    const analysis = await analysed(2);
    for (const role of Object.values(analysis.analytics.roles)) {
      delete (role as Partial<typeof role>).dtmf;
      delete (role as Partial<typeof role>).nonSpeech;
    }
    const wire = mapResult({ analysis, analysisVersion: 1 }, '/t.svg');
    assert.equal(wire.analysisVersion, 1);
    assert.ok(!('dtmf' in wire.analytics.roles.agent!));
    assert.ok(!('nonSpeech' in wire.analytics.roles.agent!));
    assert.deepEqual(wire.basic, analysis.basic);
  });
});
