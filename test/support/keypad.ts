import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, speak, writeWave } from './call-fixtures';
import { hiss, RATE } from './pcm';

/**
 * Keypad tones (DTMF) for tests: the two frequencies of ITU-T Q.23 per key,
 * placed at known times, with a chosen twist and frequency error.
 */
export const KEY_FREQUENCIES: Record<string, [number, number]> = Object.fromEntries(
  ['123A', '456B', '789C', '*0#D'].flatMap((row, r) =>
    [...row].map((key, c) => [key, [[697, 770, 852, 941][r], [1209, 1336, 1477, 1633][c]]]),
  ),
);

export interface KeyPress {
  key: string;
  /** Start and length in seconds. */
  st: number;
  duration: number;
}

export interface KeypadOptions {
  /** Level of each tone, as a fraction of full scale (default 0.25, about -15 dBFS). */
  amplitude?: number;
  /** dB the row (low) tone is above the column (high) tone; negative raises the column tone. */
  twistDb?: number;
  /** Relative frequency error of the row and column tone (0.02 = 2 % high). */
  rowError?: number;
  columnError?: number;
}

/** A signal of t (seconds) → amplitude (-1..1) holding the presses. */
export function keypad(presses: KeyPress[], options: KeypadOptions = {}): (t: number) => number {
  const amplitude = options.amplitude ?? 0.25;
  const twist = 10 ** ((options.twistDb ?? 0) / 20);
  // The stronger tone keeps the level; the other is lowered by the twist.
  const rowLevel = twist >= 1 ? amplitude : amplitude * twist;
  const columnLevel = twist >= 1 ? amplitude / twist : amplitude;
  const tones = presses.map((p) => {
    const [row, column] = KEY_FREQUENCIES[p.key];
    return { ...p, row: row * (1 + (options.rowError ?? 0)), column: column * (1 + (options.columnError ?? 0)) };
  });
  return (t: number) => {
    let v = 0;
    for (const tone of tones) {
      if (t < tone.st || t >= tone.st + tone.duration) continue;
      const local = t - tone.st;
      v += rowLevel * Math.sin(2 * Math.PI * tone.row * local) + columnLevel * Math.sin(2 * Math.PI * tone.column * local + 1);
    }
    return v;
  };
}

/** Presses of `keys` one after another from `st`, with the given lengths and gaps (cycled). */
export function sequence(keys: string, st: number, durations: number[], pauses: number[]): KeyPress[] {
  const out: KeyPress[] = [];
  let t = st;
  [...keys].forEach((key, i) => {
    const duration = durations[i % durations.length];
    out.push({ key, st: t, duration });
    t += duration + pauses[i % pauses.length];
  });
  return out;
}

/** Real read speech (LibriVox, from Debian's pocketsphinx-testdata) at 8 kHz, one clip after another. */
export function realSpeech(): Float32Array {
  const dir = '/usr/share/pocketsphinx/test/data/librivox';
  const clips = readdirSync(dir).filter((f) => f.endsWith('.wav')).sort().map((f) => {
    const raw = execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-i', join(dir, f), '-ac', '1', '-ar', String(RATE), '-f', 's16le', '-'], { maxBuffer: 64 << 20 });
    return Float32Array.from(new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2), (v) => v / 32768);
  });
  const out = new Float32Array(clips.reduce((n, c) => n + c.length, 0));
  clips.reduce((at, c) => (out.set(c, at), at + c.length), 0);
  return out;
}

export interface KeypadCall {
  /** The call in every format of FORMATS, stereo, agent on channel 0. */
  files: Record<string, string>;
  keys: { agent: KeyPress[]; customer: KeyPress[] };
  /** Seconds of speech placed per role. */
  talk: { agent: number; customer: number };
}

/**
 * A stereo call with speech and keypad tones: the agent speaks and keys a
 * short code in a pause; the customer speaks, keys a card-like number with
 * tones of 50 to 120 ms, partly over their own speech, and speaks again.
 * With `keys: false`, the same call with no key pressed.
 */
export function buildKeypadCall(options: { keys?: boolean } = {}): KeypadCall {
  const withKeys = options.keys ?? true;
  // The same call without its keys: the reference its talk time is held to.
  const dir = join(tmpdir(), withKeys ? 'oliver-test-keypad-v2' : 'oliver-test-keypad-v2-keyless');
  const keys = {
    agent: sequence('#5*', 7.4, [0.1, 0.08], [0.12]),
    customer: [...sequence('4929', 3.0, [0.05, 0.08, 0.12], [0.07, 0.1]), ...sequence('1*#0', 4.2, [0.09, 0.06], [0.08, 0.15])],
  };
  const agentSpeech = speak('agent', 'Please key your card number now');
  const customerSpeech = speak('customer', 'OK here it comes one moment please');
  const customerAgain = speak('customer', 'Is that all you need from me');
  const placed = { agent: [{ st: 0.5, clip: agentSpeech }], customer: [{ st: 2.9, clip: customerSpeech }, { st: 8.4, clip: customerAgain }] };
  const end = 8.4 + customerAgain.length / RATE + 0.8;
  const frames = Math.round(end * RATE);
  const tracks = [new Float32Array(frames), new Float32Array(frames)];
  const noise = hiss(0.002);
  (['agent', 'customer'] as const).forEach((role, channel) => {
    for (const p of placed[role]) tracks[channel].set(p.clip.map((v) => v * 0.6), Math.round(p.st * RATE));
    const keyed = withKeys ? keypad(keys[role], { amplitude: 0.3 }) : () => 0;
    for (let i = 0; i < frames; i++) tracks[channel][i] += keyed(i / RATE) + noise();
  });
  const files = Object.fromEntries(Object.keys(FORMATS).map((format) => [format, join(dir, `keypad-${format}`)]));
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(dir, { recursive: true });
    const source = join(dir, `source-${process.pid}.wav`);
    writeWave(source, tracks);
    for (const [format, codec] of Object.entries(FORMATS)) {
      const part = `${files[format]}.part-${process.pid}${format.slice(format.lastIndexOf('.'))}`;
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', source, ...codec, part]);
      renameSync(part, files[format]);
    }
    rmSync(source);
    writeFileSync(join(dir, 'done'), '');
  }
  const seconds = (list: { clip: Float32Array }[]) => list.reduce((s, p) => s + p.clip.length / RATE, 0);
  return { files, keys, talk: { agent: seconds(placed.agent), customer: seconds(placed.customer) } };
}
