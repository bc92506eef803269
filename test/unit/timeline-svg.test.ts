import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallAnalysis, RoleAnalytics } from '../../src/analysis/call-analyser';
import { renderTimeline } from '../../src/publish/timeline-svg';

const role = (channel: number, nonSpeech: RoleAnalytics['nonSpeech']): RoleAnalytics => ({
  channel, talkTime: 4, talkShare: 0.5, longestMonologue: 4, interruptions: 0, quality: { clippingRatio: 0 }, nonSpeech, dtmf: { count: 0, tones: [] },
});

test('holds and non-speech sound have their own marks and legend entries', () => {
  const analysis: Pick<CallAnalysis, 'basic' | 'core' | 'analytics'> = {
    basic: { totalduration: 40, speakerchanges: 1, numbeepfound: 0, numringfound: 0, id: { agent: 0, customer: 1 }, vad: { silence: 0 }, utterances: {} },
    core: { diarization: { agent: [{ st: 1, et: 5 }], customer: [{ st: 25, et: 29 }] } },
    analytics: {
      roles: {
        agent: role(0, { seconds: 12.5, minimumSeconds: 2, list: [{ st: 8, et: 20 }] }),
        customer: role(1, { seconds: 0, minimumSeconds: 2, list: [] }),
      },
      interruptions: [],
      silences: { minimumSeconds: 2, count: 0, total: 0, longest: 0, leadIn: 1, list: [] },
      beeps: [],
      rings: [],
      holds: { minimumSeconds: 5, count: 1, total: 12, list: [{ st: 8, et: 20 }] },
    },
  };
  const svg = renderTimeline({ pid: 7, analysis });
  assert.equal((svg.match(/class="non-speech agent"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="non-speech customer"/g) ?? []).length, 0);
  assert.equal((svg.match(/class="hold"/g) ?? []).length, 1);
  assert.match(svg, /<title>Hold 8\.00–20\.00 s \(12\.0 s\)<\/title>/);
  assert.match(svg, /<title>Agent: sound, not speech 8\.00–20\.00 s<\/title>/);
  assert.match(svg, />Not speech<\/text>/);
  assert.match(svg, />Hold<\/text>/);
});
