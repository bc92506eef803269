import type { CallAnalysis } from '../analysis/call-analyser';
import { intersection, Interval } from '../analysis/intervals';

/*
 * A picture of one call: a lane per speaker with its utterances, its
 * non-speech sound and its keypad tones (never their keys), the time both talk marked across the lanes,
 * interruptions, holds, long silences, beeps and rings, over a time axis. Plain SVG with a <title> on every mark, so a
 * browser shows what each one is on hover. No script, no external reference.
 */

const WIDTH = 1200;
const LEFT = 110;
const RIGHT = 30;
const TOP = 56;
const LANE = 44;
const LANE_GAP = 14;
const PLOT = WIDTH - LEFT - RIGHT;
/** Pixels per legend entry; the entries wrap onto a second row when they do not fit. */
const LEGEND_ENTRY = 116;
const LEGEND_PER_ROW = Math.floor(PLOT / LEGEND_ENTRY);
const LEGEND_ROW = 20;

const COLOURS = { agent: '#2f6fd6', customer: '#e07b24', speaker1: '#5b8c3a', overlap: '#d62f5b', silence: '#9aa3ad', beep: '#7b3fd6', ring: '#1f9e8f', nonSpeech: '#8a6d3b', hold: '#b08900', keypad: '#222' };
/** Fill opacity of the translucent marks, the same in the chart and its legend. */
const OPACITY = { overlap: 0.28, nonSpeech: 0.55, silence: 0.6, hold: 0.6, ring: 0.75 };
const LABELS = { agent: 'Agent', customer: 'Customer', speaker1: 'Speaker' } as const;

type Role = keyof typeof LABELS;

/** The call as the client described it on submission (the process row). */
export interface TimelineCall {
  agentId: string | null;
  /** As submitted, e.g. 2026-05-14T09:30:00Z. */
  calltime: string | null;
  /** 1 = incoming (to the agent), 2 = outgoing. */
  calldirection: number;
}

export interface TimelineSubject {
  pid: number;
  call: TimelineCall;
  analysis: Pick<CallAnalysis, 'basic' | 'core' | 'analytics'>;
}

const escape = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const num = (value: number) => (Math.round(value * 10) / 10).toString();
const clock = (seconds: number) => {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, '0')}`;
};
const span = (i: Interval) => `${i.st.toFixed(2)}–${i.et.toFixed(2)} s`;

/** A round number of seconds between ticks, so the axis has at most 12. */
export function tickStep(total: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
  return steps.find((step) => total / step <= 12) ?? 3600 * Math.ceil(total / 3600 / 12);
}

const DIRECTIONS: Record<number, string> = { 1: 'Incoming', 2: 'Outgoing' };

/** Heading font size, px (the .heading style). */
const HEADING_FONT_PX = 15;
/** The heading's left edge, px: the picture's margin, left of the lane labels, for the room. */
const HEADING_X = 16;
/** The heading's room, px, to the picture's right margin. */
const HEADING_ROOM_PX = WIDTH - 2 * HEADING_X;

const graphemes = (text: string) => Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), (s) => s.segment);

/**
 * A generous width of text in bold sans-serif, px: each character at the
 * widest its kind runs in common fonts (DejaVu Sans Bold, the widest of
 * Arial, Helvetica and DejaVu), so the real text is never wider than this.
 */
export function headingWidth(text: string, fontPx = HEADING_FONT_PX): number {
  let ems = 0;
  for (const c of graphemes(text)) {
    const code = c.codePointAt(0)!;
    if (/^[ilj.,:;|!'` ]$/.test(c)) ems += 0.36;
    else if (/^[frt()[\]{}\-·/"]$/.test(c)) ems += 0.5;
    else if (/^[mwMW@%]$/.test(c)) ems += 1.05;
    else if (/^[0-9a-z?$#*+=<>_^~]$/.test(c)) ems += 0.72;
    else if (/^[A-Z&]$/.test(c) || (code < 0x1100 && c.length === 1)) ems += 0.86;
    else ems += 1.05; // CJK, emoji, clusters: full width
  }
  return ems * fontPx;
}

/** The text, cut at a character boundary and ended with "…", at most `room` px wide. */
function ellipsize(text: string, room: number): string {
  if (headingWidth(text) <= room) return text;
  const chars = graphemes(text);
  while (chars.length > 0 && headingWidth(`${chars.join('')}…`) > room) chars.pop();
  return `${chars.join('')}…`;
}

/**
 * The heading: who took the call, when, which way, its length and speaker
 * changes. The client's fields are shortened with "…" when the whole would
 * not fit the picture's width, the agent first (a call time of the usual
 * forms stays whole), so the call's length always shows. Returned as text:
 * escape it for SVG.
 */
export function timelineHeading(pid: number, call: TimelineCall, total: number, speakerChanges: number): string {
  const agent = call.agentId === null ? 'not given' : call.agentId;
  const time = call.calltime === null ? 'call time not given' : call.calltime;
  const compose = (agentText: string, timeText: string) =>
    [
      `Process ${pid}`,
      `${DIRECTIONS[call.calldirection] ?? 'Unknown direction'} call`,
      `agent ${agentText}`,
      timeText,
      `${clock(total)} (${num(total)} s)`,
      `${speakerChanges} speaker ${speakerChanges === 1 ? 'change' : 'changes'}`,
    ].join(' · ');
  const room = HEADING_ROOM_PX - headingWidth(compose('', ''));
  const [agentWidth, timeWidth] = [headingWidth(agent), headingWidth(time)];
  if (agentWidth + timeWidth <= room) return compose(agent, time);
  // The call time keeps what it needs up to two thirds of the room; the agent gets the rest.
  const fittedTime = ellipsize(time, Math.max(room - agentWidth, Math.min(timeWidth, (room * 2) / 3)));
  return compose(ellipsize(agent, room - headingWidth(fittedTime)), fittedTime);
}

export function renderTimeline({ pid, call, analysis }: TimelineSubject): string {
  const total = Math.max(analysis.basic.totalduration, 0.001);
  const x = (t: number) => LEFT + (Math.min(Math.max(t, 0), total) / total) * PLOT;
  const w = (i: Interval) => Math.max(x(i.et) - x(i.st), 0.75);
  const roles = (['agent', 'customer', 'speaker1'] as const).filter((role) => analysis.core.diarization[role]);
  const laneTop = (index: number) => TOP + index * (LANE + LANE_GAP);
  const eventsTop = laneTop(roles.length);
  const axisTop = eventsTop + LANE + 10;
  const parts: string[] = [];
  const { analytics } = analysis;

  parts.push(`<text x="${HEADING_X}" y="28" class="heading">${escape(timelineHeading(pid, call, total, analysis.basic.speakerchanges))}</text>`);

  /** Opens a lane's group with its background and label; the caller closes it. */
  const openLane = (name: string, label: string, top: number) =>
    parts.push(
      `<g class="lane" data-role="${name}">`,
      `<rect class="lane-background" x="${LEFT}" y="${top}" width="${PLOT}" height="${LANE}"/>`,
      `<text class="lane-label" x="${LEFT - 10}" y="${top + LANE / 2 + 5}">${label}</text>`,
    );

  roles.forEach((role, index) => {
    const top = laneTop(index);
    const utterances = analysis.core.diarization[role] ?? [];
    openLane(role, LABELS[role], top);
    // Non-speech sound first, as a thin band low in the lane, so speech drawn after it stays on top.
    for (const n of analysis.analytics.roles[role]?.nonSpeech?.list ?? []) {
      parts.push(`<rect class="non-speech ${role}" x="${num(x(n.st))}" y="${top + LANE - 14}" width="${num(w(n))}" height="10" fill="${COLOURS.nonSpeech}" fill-opacity="${OPACITY.nonSpeech}"><title>${LABELS[role]}: sound, not speech ${span(n)}</title></rect>`);
    }
    for (const u of utterances) {
      parts.push(`<rect class="utterance ${role}" x="${num(x(u.st))}" y="${top + 6}" width="${num(w(u))}" height="${LANE - 12}" fill="${COLOURS[role]}"><title>${LABELS[role]} speaks ${span(u)}</title></rect>`);
    }
    // Keypad tones over the speech, at least 2 px wide so that a 50 ms key shows on a long call. The key itself is never drawn.
    for (const tone of analysis.analytics.roles[role]?.dtmf?.tones ?? []) {
      const key = { st: tone.t, et: tone.t + tone.duration };
      parts.push(`<rect class="keypad-tone ${role}" x="${num(x(key.st))}" y="${top + 1}" width="${num(Math.max(w(key), 2))}" height="${LANE - 2}" fill="${COLOURS.keypad}"><title>${LABELS[role]}: keypad tone at ${tone.t.toFixed(2)} s (${tone.duration.toFixed(2)} s)</title></rect>`);
    }
    parts.push('</g>');
  });

  if (analysis.core.diarization.agent && analysis.core.diarization.customer) {
    const both = intersection(analysis.core.diarization.agent, analysis.core.diarization.customer);
    const height = 2 * LANE + LANE_GAP;
    for (const o of both) {
      parts.push(`<rect class="overlap" x="${num(x(o.st))}" y="${laneTop(0)}" width="${num(w(o))}" height="${height}" fill="${COLOURS.overlap}" fill-opacity="${OPACITY.overlap}"><title>Both talk ${span(o)}</title></rect>`);
    }
  }

  for (const i of analytics.interruptions) {
    const by = roles.indexOf(i.by as Role);
    const top = laneTop(Math.max(by, 0));
    const cx = num(x(i.t));
    parts.push(
      `<path class="interruption" d="M ${cx} ${top - 1} l -6 -10 h 12 z" fill="${COLOURS.overlap}"><title>${LABELS[i.by as Role] ?? i.by} interrupts ${LABELS[i.of as Role] ?? i.of} at ${i.t.toFixed(2)} s (${i.overlap.toFixed(2)} s over)</title></path>`,
    );
  }

  openLane('events', 'Events', eventsTop);
  for (const s of analytics.silences.list) {
    parts.push(`<rect class="silence" x="${num(x(s.st))}" y="${eventsTop + 8}" width="${num(w(s))}" height="${LANE - 16}" fill="${COLOURS.silence}" fill-opacity="${OPACITY.silence}"><title>Silence ${span(s)} (${(s.et - s.st).toFixed(1)} s)</title></rect>`);
  }
  for (const h of analytics.holds?.list ?? []) {
    parts.push(`<rect class="hold" x="${num(x(h.st))}" y="${eventsTop + 8}" width="${num(w(h))}" height="${LANE - 16}" fill="${COLOURS.hold}" fill-opacity="${OPACITY.hold}"><title>Hold ${span(h)} (${(h.et - h.st).toFixed(1)} s)</title></rect>`);
  }
  for (const r of analytics.rings) {
    const ring = { st: r.t, et: r.t + r.duration };
    parts.push(`<rect class="ring" x="${num(x(ring.st))}" y="${eventsTop + 4}" width="${num(w(ring))}" height="${LANE - 8}" fill="${COLOURS.ring}" fill-opacity="${OPACITY.ring}"><title>Ringback (${escape(r.type)}) ${span(ring)}</title></rect>`);
  }
  for (const b of analytics.beeps) {
    const cx = num(x(b.t));
    const cy = eventsTop + LANE / 2;
    parts.push(`<path class="beep" d="M ${cx} ${cy - 9} l 7 9 l -7 9 l -7 -9 z" fill="${COLOURS.beep}"><title>Beep at ${b.t.toFixed(2)} s, ${Math.round(b.frequency)} Hz, ${b.duration.toFixed(2)} s</title></path>`);
  }
  parts.push('</g>');

  parts.push(`<g class="axis"><line x1="${LEFT}" y1="${axisTop}" x2="${LEFT + PLOT}" y2="${axisTop}"/>`);
  const step = tickStep(total);
  for (let t = 0; t <= total + 1e-9; t += step) {
    parts.push(`<line class="tick" x1="${num(x(t))}" y1="${axisTop}" x2="${num(x(t))}" y2="${axisTop + 6}"/><text class="tick-label" x="${num(x(t))}" y="${axisTop + 20}">${clock(t)}</text>`);
  }
  parts.push('</g>');

  // Every kind of mark drawn has an entry, drawn in the mark's own shape.
  const stereo = roles.length > 1;
  const square =
    (colour: string, opacity?: number) =>
    (lx: number, ly: number) =>
      `<rect x="${lx}" y="${ly}" width="12" height="12" fill="${colour}"${opacity === undefined ? '' : ` fill-opacity="${opacity}"`}/>`;
  const legend: [string, (lx: number, ly: number) => string][] = [
    ...roles.map((role) => [LABELS[role], square(COLOURS[role])] as [string, (lx: number, ly: number) => string]),
    ...(stereo
      ? ([
          ['Both talk', square(COLOURS.overlap, OPACITY.overlap)],
          ['Interruption', (lx: number, ly: number) => `<path d="M ${lx + 6} ${ly + 12} l -6 -10 h 12 z" fill="${COLOURS.overlap}"/>`],
        ] as [string, (lx: number, ly: number) => string][])
      : []),
    ['Not speech', square(COLOURS.nonSpeech, OPACITY.nonSpeech)],
    ...(stereo ? ([['Hold', square(COLOURS.hold, OPACITY.hold)]] as [string, (lx: number, ly: number) => string][]) : []),
    ['Silence', square(COLOURS.silence, OPACITY.silence)],
    ['Ringback', square(COLOURS.ring, OPACITY.ring)],
    ['Beep', (lx: number, ly: number) => `<path d="M ${lx + 6} ${ly - 1} l 7 7 l -7 7 l -7 -7 z" fill="${COLOURS.beep}"/>`],
    ['Keypad tone', (lx: number, ly: number) => `<rect x="${lx + 4}" y="${ly - 1}" width="3" height="14" fill="${COLOURS.keypad}"/>`],
  ];
  parts.push(`<g class="legend">`);
  legend.forEach(([label, mark], index) => {
    const lx = LEFT + (index % LEGEND_PER_ROW) * LEGEND_ENTRY;
    const ly = axisTop + 36 + Math.floor(index / LEGEND_PER_ROW) * LEGEND_ROW;
    parts.push(`${mark(lx, ly)}<text x="${lx + 18}" y="${ly + 10}">${label}</text>`);
  });
  parts.push('</g>');
  const height = axisTop + 70 + (Math.ceil(legend.length / LEGEND_PER_ROW) - 1) * LEGEND_ROW;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Timeline of process ${pid}">`,
    `<title>Timeline of process ${pid}</title>`,
    '<style>text{font:12px sans-serif;fill:#222}.heading{font-size:15px;font-weight:bold}.lane-label{text-anchor:end;font-weight:bold}.lane-background{fill:#f3f5f7}.axis line{stroke:#555}.tick-label{text-anchor:middle;fill:#555}</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
