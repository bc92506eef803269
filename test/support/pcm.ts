/** Synthetic test signals: functions of seconds (and sample index) → amplitude (-1..1), and PCM made of them. */
export const RATE = 8000;

export type Signal = (t: number, i: number) => number;

/** Interleaved 16-bit PCM from per-channel generators of seconds → amplitude (-1..1). */
export function pcm(seconds: number, ...channels: Signal[]): Buffer {
  const frames = Math.round(seconds * RATE);
  const out = Buffer.alloc(frames * channels.length * 2);
  for (let i = 0; i < frames; i++) {
    channels.forEach((signal, c) => out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, signal(i / RATE, i))) * 32767), (i * channels.length + c) * 2));
  }
  return out;
}

export const tone = (hz: number, amplitude: number, from: number, to: number) => (t: number) =>
  t >= from && t < to ? amplitude * Math.sin(2 * Math.PI * hz * t) : 0;
export const sum = (...parts: Signal[]): Signal => (t, i) => parts.reduce((s, p) => s + p(t, i), 0);
let seed = 1;
/** Uniform noise of the given peak-to-peak amplitude. */
export const hiss = (amplitude: number) => () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return amplitude * (seed / 0x7fffffff - 0.5);
};
