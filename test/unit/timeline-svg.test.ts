import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CallAnalysis, RoleAnalytics } from '../../src/analysis/call-analyser';
import { headingWidth, renderTimeline } from '../../src/publish/timeline-svg';

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
  const svg = renderTimeline({ pid: 7, call: { agentId: 'A-17', calltime: '2026-05-14T09:30:00Z', calldirection: 1 }, analysis });
  assert.equal((svg.match(/class="non-speech agent"/g) ?? []).length, 1);
  assert.equal((svg.match(/class="non-speech customer"/g) ?? []).length, 0);
  assert.equal((svg.match(/class="hold"/g) ?? []).length, 1);
  assert.match(svg, /<title>Hold 8\.00–20\.00 s \(12\.0 s\)<\/title>/);
  assert.match(svg, /<title>Agent: sound, not speech 8\.00–20\.00 s<\/title>/);
  assert.match(svg, />Not speech<\/text>/);
  assert.match(svg, />Hold<\/text>/);
});

/** Every class of mark the picture can draw, and the legend entry that names it. */
const LEGEND_OF_MARK: Record<string, string> = {
  'utterance agent': 'Agent',
  'utterance customer': 'Customer',
  overlap: 'Both talk',
  interruption: 'Interruption',
  'non-speech agent': 'Not speech',
  hold: 'Hold',
  silence: 'Silence',
  ring: 'Ringback',
  beep: 'Beep',
  'keypad-tone customer': 'Keypad tone',
};

const everyMark: Pick<CallAnalysis, 'basic' | 'core' | 'analytics'> = {
  basic: { totalduration: 60, speakerchanges: 3, numbeepfound: 1, numringfound: 1, id: { agent: 0, customer: 1 }, vad: { silence: 0 }, utterances: {} },
  core: { diarization: { agent: [{ st: 6, et: 12 }, { st: 40, et: 45 }], customer: [{ st: 10, et: 14 }] } },
  analytics: {
    roles: {
      agent: role(0, { seconds: 10, minimumSeconds: 2, list: [{ st: 20, et: 30 }] }),
      customer: { ...role(1, { seconds: 0, minimumSeconds: 2, list: [] }), dtmf: { count: 2, tones: [{ t: 33, duration: 0.08, digit: '5' }, { t: 34, duration: 0.09, digit: '9' }] } },
    },
    interruptions: [{ t: 10, by: 'customer', of: 'agent', overlap: 2 }],
    silences: { minimumSeconds: 2, count: 1, total: 4, longest: 4, leadIn: 4, list: [{ st: 46, et: 50 }] },
    beeps: [{ t: 52, duration: 0.4, frequency: 1000 }],
    rings: [{ t: 0, duration: 2, type: 'uk' }],
    holds: { minimumSeconds: 5, count: 1, total: 10, list: [{ st: 20, et: 30 }] },
  },
};

test('every kind of mark drawn has its entry in the legend', () => {
  const svg = renderTimeline({ pid: 9, call: { agentId: 'A-17', calltime: null, calldirection: 2 }, analysis: everyMark });
  const legend = svg.slice(svg.indexOf('<g class="legend">'));
  const entries = [...legend.matchAll(/<text [^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
  for (const [mark, entry] of Object.entries(LEGEND_OF_MARK)) {
    assert.match(svg, new RegExp(`class="${mark}"`), `the call draws a ${mark} mark`);
    assert.ok(entries.includes(entry), `${mark} is in the legend as ${entry}: ${entries.join(', ')}`);
  }
  assert.deepEqual(entries, Object.values(LEGEND_OF_MARK));
  // The interruption's legend mark is its triangle, not a square.
  assert.match(legend, /<path d="M \d+ \d+ l -6 -10 h 12 z" fill="#d62f5b"\/><text [^>]*>Interruption</);
});

test('a mono call: no overlap, interruption or hold entries, since those are never drawn', () => {
  const mono = { ...everyMark, basic: { ...everyMark.basic, id: { speaker1: 0 } }, core: { diarization: { speaker1: [{ st: 1, et: 5 }] } } };
  const svg = renderTimeline({ pid: 3, call: { agentId: null, calltime: null, calldirection: 1 }, analysis: { ...mono, analytics: { ...mono.analytics, interruptions: [], holds: undefined } } });
  const legend = svg.slice(svg.indexOf('<g class="legend">'));
  assert.deepEqual([...legend.matchAll(/<text [^>]*>([^<]+)<\/text>/g)].map((m) => m[1]), ['Speaker', 'Not speech', 'Silence', 'Ringback', 'Beep', 'Keypad tone']);
});

test('keypad tones are marked in their speaker\'s lane, without their keys', () => {
  const svg = renderTimeline({ pid: 9, call: { agentId: null, calltime: null, calldirection: 1 }, analysis: everyMark });
  assert.equal((svg.match(/class="keypad-tone customer"/g) ?? []).length, 2);
  assert.equal((svg.match(/class="keypad-tone agent"/g) ?? []).length, 0);
  assert.match(svg, /<title>Customer: keypad tone at 33\.00 s \(0\.08 s\)<\/title>/);
  // Even when the analysis kept the keys (DTMF_DIGITS=true), the picture never shows them: each mark says when, and nothing more.
  const marks = [...svg.matchAll(/<rect class="keypad-tone customer"[^>]*>(.*?)<\/rect>/g)].map((m) => m[1]);
  assert.deepEqual(marks, ['<title>Customer: keypad tone at 33.00 s (0.08 s)</title>', '<title>Customer: keypad tone at 34.00 s (0.09 s)</title>']);
  // Ten legend entries: the tenth wraps onto a second row inside the picture.
  const rows = new Set([...svg.slice(svg.indexOf('<g class="legend">')).matchAll(/<text x="\d+" y="(\d+)">/g)].map((m) => m[1]));
  assert.equal(rows.size, 2);
  assert.match(svg, /viewBox="0 0 1200 (\d+)"/);
});

test('the heading names the agent, the call time and the direction, escaped', () => {
  const heading = (call: Parameters<typeof renderTimeline>[0]['call']) => {
    const svg = renderTimeline({ pid: 12, call, analysis: everyMark });
    return /<text x="\d+" y="28" class="heading">([^<]*)<\/text>/.exec(svg)?.[1];
  };
  assert.equal(heading({ agentId: 'A-17', calltime: '2026-05-14T09:30:00Z', calldirection: 1 }), 'Process 12 · Incoming call · agent A-17 · 2026-05-14T09:30:00Z · 1:00 (60 s) · 3 speaker changes');
  assert.equal(heading({ agentId: null, calltime: null, calldirection: 2 }), 'Process 12 · Outgoing call · agent not given · call time not given · 1:00 (60 s) · 3 speaker changes');
  const hostile = renderTimeline({ pid: 12, call: { agentId: '<script>alert(1)</script>&"', calltime: "9'30", calldirection: 1 }, analysis: everyMark });
  assert.ok(!hostile.includes('<script>'), 'client text cannot open an element');
  assert.match(hostile, /agent &#60;script&#62;alert\(1\)&#60;\/script&#62;&#38;&#34; · 9&#39;30 ·/);
});

test('long client fields are shortened with an ellipsis so the call time, length and speaker changes stay in the heading', () => {
  const heading = (call: Parameters<typeof renderTimeline>[0]['call']) => {
    const svg = renderTimeline({ pid: 123456789, call, analysis: everyMark });
    return /<text x="\d+" y="28" class="heading">([^<]*)<\/text>/.exec(svg)![1];
  };
  const long = heading({ agentId: 'A'.repeat(255), calltime: '2026-05-14T09:30:00Z', calldirection: 1 });
  assert.match(long, /^Process 123456789 · Incoming call · agent A+… · 2026-05-14T09:30:00Z · 1:00 \(60 s\) · 3 speaker changes$/);
  for (const agentId of ['A'.repeat(255), 'W'.repeat(255), '@'.repeat(255), '\u6e2c'.repeat(255), '👩‍💻'.repeat(100), 'i'.repeat(255)]) {
    const text = heading({ agentId, calltime: 'W'.repeat(200), calldirection: 2 });
    assert.ok(headingWidth(text) <= 1200 - 2 * 16, `fits: ${text.length} characters`);
    assert.match(text, / · 1:00 \(60 s\) · 3 speaker changes$/);
    assert.match(text, /agent .+… · W+…/, 'both fields are shortened, neither vanishes');
    assert.ok(!text.includes('\ufffd'), 'no character is cut in half');
  }
  const short = heading({ agentId: 'agent-0042-team-7', calltime: '2026-05-14T09:30:00Z', calldirection: 1 });
  assert.ok(short.includes('agent agent-0042-team-7 · 2026-05-14T09:30:00Z ·'), 'fields that fit are whole');
  const longAgent = heading({ agentId: `x${'a'.repeat(254)}`, calltime: '2026-05-14T09:30:00Z', calldirection: 1 });
  assert.ok(longAgent.includes(' · 2026-05-14T09:30:00Z · '), 'a short call time is whole when only the agent is long');
  // A character escaped for SVG is never cut in its entity.
  assert.match(heading({ agentId: '&'.repeat(255), calltime: null, calldirection: 1 }), /agent (&#38;)+… ·/);
});

test('one speaker change is singular', () => {
  const svg = renderTimeline({ pid: 1, call: { agentId: null, calltime: null, calldirection: 1 }, analysis: { ...everyMark, basic: { ...everyMark.basic, speakerchanges: 1 } } });
  assert.match(svg, / · 1 speaker change<\/text>/);
  assert.match(renderTimeline({ pid: 1, call: { agentId: null, calltime: null, calldirection: 1 }, analysis: { ...everyMark, basic: { ...everyMark.basic, speakerchanges: 0 } } }), / · 0 speaker changes<\/text>/);
});

test('each legend swatch has the opacity of the mark it names', () => {
  const svg = renderTimeline({ pid: 9, call: { agentId: 'A-17', calltime: null, calldirection: 2 }, analysis: everyMark });
  const legend = svg.slice(svg.indexOf('<g class="legend">'));
  for (const [mark, entry] of Object.entries(LEGEND_OF_MARK)) {
    const drawn = new RegExp(`class="${mark}"[^>]*?(?: fill-opacity="([\\d.]+)")?>`).exec(svg)!;
    const swatch = new RegExp(`<(?:rect|path) [^>]*?(?: fill-opacity="([\\d.]+)")?/><text [^>]*>${entry}<`).exec(legend)!;
    assert.equal(swatch[1], drawn[1], `${entry}: legend ${swatch[1] ?? 'solid'}, chart ${drawn[1] ?? 'solid'}`);
  }
});
