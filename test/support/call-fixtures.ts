import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Builds test calls from speech that espeak-ng synthesises, placed on two
 * channels at known times, with ringback before the answer, a recording beep,
 * one interruption, a long silence and light noise; encodes them in every
 * format the service claims to read, in stereo and mono; and writes the
 * ground truth beside them. Everything is derived from the generated samples,
 * so the truth holds whatever espeak-ng version speaks.
 */
export const RATE = 8000;
const AGENT = 0;

interface Line {
  role: 'agent' | 'customer';
  text: string;
  /** Seconds after the end of the previous line; negative overlaps it. */
  after?: number;
  /** Start this many seconds after the start of the previous line instead (an interruption). */
  intoPrevious?: number;
}

const SCRIPT: Line[] = [
  { role: 'agent', text: 'Thank you for calling Acme support my name is Alex how can I help you today' },
  { role: 'customer', text: 'Hi I am calling about my latest bill', after: 0.7 },
  { role: 'agent', text: 'Sure let me pull up your account', after: 0.8 },
  { role: 'customer', text: 'It says I owe two hundred dollars but I already paid it', after: 0.6 },
  { role: 'agent', text: 'I can see a payment from last week and I will check the balance for you', after: 0.7 },
  { role: 'customer', text: 'Wait that is not right', intoPrevious: 1.6 },
  { role: 'agent', text: 'Thanks for waiting the charge has been removed', after: 3.2 },
  { role: 'customer', text: 'Great thank you so much goodbye', after: 0.7 },
];
const FIRST_WORDS_AT = 8;
const RINGS = [{ st: 0.5, et: 2.5 }, { st: 4.5, et: 6.5 }];
const BEEP = { st: 7.2, et: 7.6, hz: 1000 };
const TAIL = 1.2;
const VOICES = { agent: ['en-us+m3', '35'], customer: ['en-us+f3', '60'] } as const;

export interface Truth {
  totalduration: number;
  utterances: { agent: { st: number; et: number }[]; customer: { st: number; et: number }[]; speaker1: { st: number; et: number }[] };
  interruptions: { t: number; by: string; of: string }[];
  beeps: number[];
  rings: number[];
}

export interface CallFixture {
  name: string;
  path: string;
  channels: 1 | 2;
  noisy: boolean;
}

export const FORMATS: Record<string, string[]> = {
  'pcm.wav': ['-c:a', 'pcm_s16le'],
  'mulaw.wav': ['-c:a', 'pcm_mulaw'],
  'alaw.wav': ['-c:a', 'pcm_alaw'],
  'call.mp3': ['-c:a', 'libmp3lame', '-b:a', '32k'],
  'call.flac': ['-c:a', 'flac'],
  'call.opus': ['-c:a', 'libopus', '-b:a', '24k'],
  'call.m4a': ['-c:a', 'aac', '-b:a', '32k'],
};

/** Seconds of speech in a clip: from its first to its last audible sample. */
export function speak(role: 'agent' | 'customer', text: string): Float32Array {
  const [voice, pitch] = VOICES[role];
  const wav = execFileSync('espeak-ng', ['-v', voice, '-p', pitch, '-s', '165', '--stdout', text], { maxBuffer: 64 << 20 });
  const raw = execFileSync('sox', ['-t', 'wav', '-', '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-'], { input: wav, maxBuffer: 64 << 20 });
  const samples = new Int16Array(raw.buffer, raw.byteOffset, raw.length / 2);
  let first = 0;
  let last = samples.length - 1;
  while (first < samples.length && Math.abs(samples[first]) < 200) first++;
  while (last > first && Math.abs(samples[last]) < 200) last--;
  const clip = Float32Array.from(samples.subarray(first, last + 1), (v) => v / 32768);
  assertNoLongPause(clip, text);
  return clip;
}

/** The truth says one line is one utterance: no pause inside may reach the 0.5 s merge limit. */
function assertNoLongPause(clip: Float32Array, text: string) {
  const frame = RATE / 50;
  let quiet = 0;
  for (let i = 0; i + frame <= clip.length; i += frame) {
    let energy = 0;
    for (let j = i; j < i + frame; j++) energy += clip[j] * clip[j];
    quiet = 10 * Math.log10(energy / frame + 1e-12) < -50 ? quiet + 1 : 0;
    if (quiet * 0.02 >= 0.4) throw new Error(`espeak-ng paused ${quiet * 0.02} s inside "${text}"`);
  }
}

/** A deterministic noise source (xorshift), roughly Gaussian by summing four uniforms. */
function noise(seed: number) {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296 - 0.5;
  };
  return () => (uniform() + uniform() + uniform() + uniform()) * 0.866;
}

function mergeForMono(intervals: { st: number; et: number }[]) {
  const sorted = [...intervals].sort((a, b) => a.st - b.st);
  const out: { st: number; et: number }[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.st - last.et < 0.5) last.et = Math.max(last.et, i.et);
    else out.push({ ...i });
  }
  return out;
}

export function writeWave(path: string, channels: Float32Array[]) {
  const frames = channels[0].length;
  const data = Buffer.alloc(frames * channels.length * 2);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++) {
      const v = Math.max(-1, Math.min(1, channels[c][i]));
      data.writeInt16LE(Math.round(v * 32767), (i * channels.length + c) * 2);
    }
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0); header.writeUInt32LE(36 + data.length, 4); header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(RATE, 24); header.writeUInt32LE(RATE * 2 * channels.length, 28); header.writeUInt16LE(2 * channels.length, 32);
  header.writeUInt16LE(16, 34); header.write('data', 36); header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

/** Builds every fixture into `dir` (once) and returns them with their truth. */
export function buildCallFixtures(dir = join(tmpdir(), 'oliver-test-calls-v1')): { fixtures: CallFixture[]; truth: Truth } {
  const truthPath = join(dir, 'truth.json');
  if (!existsSync(truthPath)) {
    // Built aside and moved into place whole, so test files running at once never see half a set.
    const building = `${dir}.building-${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    build(building);
    try {
      renameSync(building, dir);
    } catch {
      rmSync(building, { recursive: true, force: true });
    }
  }
  return {
    fixtures: fixtureList().map((f) => ({ ...f, path: join(dir, f.name) })),
    truth: JSON.parse(readFileSync(truthPath, 'utf8')) as Truth,
  };
}

function fixtureList(): Omit<CallFixture, 'path'>[] {
  const list: Omit<CallFixture, 'path'>[] = [];
  for (const noisy of [false, true]) {
    for (const channels of [2, 1] as const) {
      for (const format of Object.keys(FORMATS)) {
        list.push({ name: `${noisy ? 'snr20' : 'clean'}-${channels === 2 ? 'stereo' : 'mono'}-${format}`, channels, noisy });
      }
    }
  }
  return list;
}

function build(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const placed: { role: 'agent' | 'customer'; st: number; clip: Float32Array }[] = [];
  let previous: { st: number; et: number } | undefined;
  for (const line of SCRIPT) {
    const clip = speak(line.role, line.text);
    const st = !previous ? FIRST_WORDS_AT : line.intoPrevious !== undefined ? previous.st + line.intoPrevious : previous.et + (line.after ?? 0.6);
    placed.push({ role: line.role, st, clip });
    previous = { st, et: st + clip.length / RATE };
  }
  const end = Math.max(...placed.map((p) => p.st + p.clip.length / RATE)) + TAIL;
  const frames = Math.round(end * RATE);
  const tracks = [new Float32Array(frames), new Float32Array(frames)];
  const customer = 1 - AGENT;
  for (const p of placed) tracks[p.role === 'agent' ? AGENT : customer].set(p.clip.map((v) => v * 0.8), Math.round(p.st * RATE));
  for (const ring of RINGS) {
    for (let i = Math.round(ring.st * RATE); i < Math.round(ring.et * RATE); i++) {
      tracks[customer][i] += 0.12 * (Math.sin((2 * Math.PI * 440 * i) / RATE) + Math.sin((2 * Math.PI * 480 * i) / RATE));
    }
  }
  for (let i = Math.round(BEEP.st * RATE); i < Math.round(BEEP.et * RATE); i++) {
    const v = 0.25 * Math.sin((2 * Math.PI * BEEP.hz * i) / RATE);
    tracks[0][i] += v;
    tracks[1][i] += v;
  }

  // Light line noise everywhere (about -60 dBFS); the noisy set adds noise 20 dB under the speech.
  let speechPower = 0;
  let speechSamples = 0;
  for (const p of placed) for (const v of p.clip) { speechPower += (v * 0.8) ** 2; speechSamples++; }
  const speechRms = Math.sqrt(speechPower / speechSamples);
  for (const noisy of [false, true]) {
    const level = noisy ? speechRms / 10 : 0.001;
    const rand = [noise(7), noise(11)];
    const stereo = tracks.map((t, c) => Float32Array.from(t, (v) => v + level * rand[c]()));
    const mono = [Float32Array.from(tracks[0], (v, i) => 0.7 * (v + tracks[1][i]) + level * rand[0]())];
    for (const [label, channels] of [['stereo', stereo], ['mono', mono]] as const) {
      const source = join(dir, `${noisy ? 'snr20' : 'clean'}-${label}-source.wav`);
      writeWave(source, channels);
      for (const [format, codec] of Object.entries(FORMATS)) {
        const target = join(dir, `${noisy ? 'snr20' : 'clean'}-${label}-${format}`);
        execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', source, ...codec, `${target}.part${format.slice(format.lastIndexOf('.'))}`]);
        renameSync(`${target}.part${format.slice(format.lastIndexOf('.'))}`, target);
      }
    }
  }

  const spans = (role: 'agent' | 'customer') =>
    placed.filter((p) => p.role === role).map((p) => ({ st: p.st, et: p.st + p.clip.length / RATE }));
  const customerLines = placed.filter((p) => p.role === 'customer');
  const interrupter = customerLines.find((c) => placed.some((a) => a.role === 'agent' && a.st < c.st && c.st < a.st + a.clip.length / RATE));
  const truth: Truth = {
    totalduration: frames / RATE,
    utterances: { agent: spans('agent'), customer: spans('customer'), speaker1: mergeForMono([...spans('agent'), ...spans('customer')]) },
    interruptions: interrupter ? [{ t: interrupter.st, by: 'customer', of: 'agent' }] : [],
    beeps: [BEEP.st],
    rings: RINGS.map((r) => r.st),
  };
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 2));
}

if (require.main === module) {
  const dir = process.argv[2] ?? join(process.cwd(), 'test-calls');
  const { fixtures } = buildCallFixtures(dir);
  console.log(`Wrote ${fixtures.length} calls and truth.json to ${dir}`);
}
