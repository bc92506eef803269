import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORMATS, RATE } from './call-fixtures';

/**
 * Stereo test calls with known truth, built from real human read speech
 * (LibriVox and CMU recordings in Debian's pocketsphinx-testdata) and
 * espeak-ng, mixed with the sounds contact centres have: hold music, a radio,
 * typing, white and pink noise at 20, 10 and 5 dB SNR, comfort noise, and
 * office babble (far-off colleagues talking behind the agent, 20, 15 and 10 dB
 * under the agent's voice). Generated at test time into the temporary directory, never committed.
 *
 * Ground truth of speech comes from each clean clip before it is mixed: a
 * 10 ms frame is speech when its level is above the threshold of ITU-T P.56's
 * active speech level, 15.9 dB under the mean power of the frames above that
 * threshold (found by iteration, on 10 ms frames rather than P.56's
 * envelope); the recordings' room noise and breaths stay below it. Speech
 * frames closer than 0.5 s are one utterance, as the analysis merges them
 * (UTTERANCE_MAX_PAUSE), and utterances under 0.2 s are dropped
 * (UTTERANCE_MIN_LENGTH).
 */
const DATA = '/usr/share/pocketsphinx/test/data';
const TRUTH_FRAME = RATE / 100;
/** ITU-T P.56: the activity threshold lies 15.9 dB under the active speech level. */
const P56_MARGIN_DB = 15.9;
/** Active speech is placed at about -20 dBFS RMS; music and noise are set relative to it. */
const SPEECH_RMS = 0.1;

type Role = 'agent' | 'customer';
type Source = { espeak: string; voice: string } | { file: string; raw?: boolean };

const SCRIPT: { role: Role; source: Source; after: number }[] = [
  { role: 'agent', source: { espeak: 'Thank you for calling Acme support, this is Alex, how can I help', voice: 'en-us+m3' }, after: 1.0 },
  { role: 'customer', source: { file: 'librivox/sense_and_sensibility_01_austen_64kb-0870.wav' }, after: 0.8 },
  { role: 'agent', source: { file: 'goforward.raw', raw: true }, after: 1.2 },
  { role: 'customer', source: { file: 'librivox/sense_and_sensibility_01_austen_64kb-0880.wav' }, after: 0.6 },
  { role: 'agent', source: { espeak: 'Let me check that for you, please hold', voice: 'en-us+m3' }, after: 0.7 },
  // HOLD: music on the agent's channel comes here.
  { role: 'agent', source: { file: 'librivox/sense_and_sensibility_01_austen_64kb-0920.wav' }, after: 0 },
  { role: 'customer', source: { file: 'numbers.raw', raw: true }, after: 0.9 },
  { role: 'agent', source: { file: 'cards/005.wav' }, after: 2.5 },
  { role: 'customer', source: { file: 'something.raw', raw: true }, after: 0.7 },
  { role: 'agent', source: { file: 'librivox/sense_and_sensibility_01_austen_64kb-0930.wav' }, after: 0.8 },
  { role: 'customer', source: { espeak: 'Great, thank you so much, goodbye', voice: 'en-us+f3' }, after: 0.6 },
];
const HOLD_AFTER_LINE = 4;
const HOLD_GAP = 0.8;
const HOLD_SECONDS = 9;
const TAIL = 1.5;

export type Condition =
  | 'clean' | 'music' | 'clicks' | 'comfort'
  | 'white20' | 'white10' | 'white5' | 'pink20' | 'pink10' | 'pink5' | 'babble20' | 'babble15' | 'babble10';
export const CONDITIONS: Condition[] = ['clean', 'music', 'clicks', 'comfort', 'white20', 'white10', 'white5', 'pink20', 'pink10', 'pink5', 'babble20', 'babble15', 'babble10'];
/** Every condition as 8 kHz μ-law; one noisy condition in each of the other formats. */
export const CODEC_CONDITION: Condition = 'pink10';

export interface SpeechTruth {
  totalduration: number;
  utterances: Record<Role, { st: number; et: number }[]>;
  /** Where hold music plays on the agent's channel (every call has it; in 'music' a radio also plays on the customer's side). */
  hold: { st: number; et: number };
}

export interface SpeechFixture {
  name: string;
  path: string;
  condition: Condition;
  format: string;
}

/** Any input sox reads (`args`), as 8 kHz mono floats, after `effects`. */
function sox(args: string[], input?: Buffer, effects: string[] = []): Float32Array {
  const raw = execFileSync('sox', [...args, '-r', String(RATE), '-c', '1', '-b', '16', '-e', 'signed', '-t', 'raw', '-', ...effects], { input, maxBuffer: 64 << 20 });
  const samples = new Int16Array(raw.buffer, raw.byteOffset, raw.length >> 1);
  return Float32Array.from(samples, (v) => v / 32768);
}

/** One clip of the script or of the babble, through sox `effects`. */
function clip(source: Source, effects: string[] = []): Float32Array {
  if ('espeak' in source) {
    const wav = execFileSync('espeak-ng', ['-v', source.voice, '-s', '165', '--stdout', source.espeak], { maxBuffer: 64 << 20 });
    return sox(['-t', 'wav', '-'], wav, effects);
  }
  const path = join(DATA, source.file);
  return sox(source.raw ? ['-t', 'raw', '-r', '16000', '-e', 'signed', '-b', '16', '-c', '1', path] : [path], undefined, effects);
}

/** Frame levels (dBFS) of 10 ms frames. */
function frameLevels(x: Float32Array): Float64Array {
  const out = new Float64Array(Math.floor(x.length / TRUTH_FRAME));
  for (let f = 0; f < out.length; f++) {
    let e = 0;
    for (let i = f * TRUTH_FRAME; i < (f + 1) * TRUTH_FRAME; i++) e += x[i] * x[i];
    out[f] = 10 * Math.log10(e / TRUTH_FRAME + 1e-12);
  }
  return out;
}

/** The truth of one clean clip (see the top of this file), as intervals in seconds from the clip's start. */
function clipTruth(x: Float32Array): { st: number; et: number }[] {
  const levels = frameLevels(x);
  let threshold = Math.max(...levels) - 40;
  for (let i = 0; i < 20; i++) {
    const active = levels.filter((level) => level > threshold);
    threshold = 10 * Math.log10(active.reduce((sum, level) => sum + 10 ** (level / 10), 0) / active.length) - P56_MARGIN_DB;
  }
  const runs: { st: number; et: number }[] = [];
  levels.forEach((level, f) => {
    if (level <= threshold) return;
    const last = runs[runs.length - 1];
    const st = f / 100;
    if (last && st - last.et < 0.5) last.et = st + 0.01;
    else runs.push({ st, et: st + 0.01 });
  });
  return runs.filter((r) => r.et - r.st >= 0.2);
}

/** Trims a clip to its truth and scales its active speech to SPEECH_RMS. */
function prepare(x: Float32Array): { samples: Float32Array; truth: { st: number; et: number }[] } {
  const truth = clipTruth(x);
  const from = Math.round(truth[0].st * RATE);
  const to = Math.round(truth[truth.length - 1].et * RATE);
  let power = 0;
  let count = 0;
  for (const t of truth) for (let i = Math.round(t.st * RATE); i < Math.round(t.et * RATE); i++) { power += x[i] * x[i]; count++; }
  const gain = SPEECH_RMS / Math.sqrt(power / count);
  return {
    samples: Float32Array.from(x.subarray(from, to), (v) => v * gain),
    truth: truth.map((t) => ({ st: t.st - truth[0].st, et: t.et - truth[0].st })),
  };
}

/** A deterministic uniform source in -0.5..0.5 (xorshift). */
function random(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 4294967296 - 0.5;
  };
}

const rms = (x: Float32Array) => Math.sqrt(x.reduce((sum, v) => sum + v * v, 0) / x.length);
const scaled = (x: Float32Array, to: number) => {
  const gain = to / rms(x);
  return x.map((v) => v * gain);
};

/** Hold music: a four-chord loop of plucked notes with a bass line, synthesised by sox (pluck wants 44.1 kHz). */
function holdMusic(seconds: number): Float32Array {
  const chords = [['C4', 'E4', 'G4', 'C3'], ['A3', 'C4', 'E4', 'A2'], ['F3', 'A3', 'C4', 'F2'], ['G3', 'B3', 'D4', 'G2']];
  const bars = Math.ceil(seconds / 2);
  const parts: Float32Array[] = [];
  for (let b = 0; b < bars; b++) {
    const [a, c, e, bass] = chords[b % chords.length];
    parts.push(sox(['-r', '44100', '-c', '4', '-n'], undefined, ['synth', '2', 'pluck', a, 'pluck', c, 'pluck', e, 'sine', bass, 'tremolo', '4', '30', 'gain', '-n', '-6']));
  }
  const out = new Float32Array(Math.round(seconds * RATE));
  let at = 0;
  for (const p of parts) for (const v of p) if (at < out.length) out[at++] = v;
  return out;
}

/**
 * White or pink noise at `rmsLevel`, the same for the same seed (so a test
 * run is repeatable). Pink by Paul Kellet's economy filter of white noise
 * (-3 dB per octave within 1 dB above 40 Hz at 8 kHz).
 */
function noise(kind: 'white' | 'pink', frames: number, rmsLevel: number, seed: number): Float32Array {
  const rand = random(seed);
  const out = new Float32Array(frames);
  let b0 = 0, b1 = 0, b2 = 0;
  for (let i = 0; i < frames; i++) {
    const white = rand() + rand() + rand() + rand();
    if (kind === 'white') {
      out[i] = white;
      continue;
    }
    b0 = 0.99765 * b0 + white * 0.099046;
    b1 = 0.963 * b1 + white * 0.2965164;
    b2 = 0.57 * b2 + white * 1.0526913;
    out[i] = b0 + b1 + b2 + white * 0.1848;
  }
  return scaled(out, rmsLevel);
}

/** Typing: 4 to 10 key clicks a second, each a few ms of decaying noise at varied loudness, in bursts. */
function clicks(frames: number, seed: number): Float32Array {
  const out = new Float32Array(frames);
  const rand = random(seed);
  let t = 0.3;
  while (t < frames / RATE) {
    const burst = 1 + (rand() + 0.5) * 3;
    for (const end = t + burst; t < end; t += 0.1 + (rand() + 0.5) * 0.15) {
      const at = Math.round(t * RATE);
      const amplitude = 0.25 + (rand() + 0.5) * 0.35;
      for (let i = 0; i < 0.006 * RATE && at + i < frames; i++) out[at + i] += amplitude * (rand() * 2) * Math.exp(-i / (0.0015 * RATE));
    }
    t += 0.5 + (rand() + 0.5) * 2;
  }
  return out;
}

/**
 * Comfort noise as VoIP gateways insert it in the pauses (RFC 3389): a low
 * hiss that switches on when nobody talks and off at speech, at a level that
 * steps from one pause to the next.
 */
function comfortNoise(frames: number, speech: { st: number; et: number }[], seed: number): Float32Array {
  const out = new Float32Array(frames);
  const rand = random(seed);
  let cursor = 0;
  const pauses = [...speech.map((s) => s.st), frames / RATE].map((st, i) => ({ st: i === 0 ? 0 : speech[i - 1].et, et: st }));
  for (const pause of pauses) {
    const level = 10 ** ((-58 + (rand() + 0.5) * 10) / 20);
    for (let i = Math.max(cursor, Math.round(pause.st * RATE)); i < Math.round(pause.et * RATE); i++) out[i] = level * rand() * 3.4;
    cursor = Math.round(pause.et * RATE);
  }
  return out;
}

/** Voices of the office behind the agent: none of them is a talker of the script. */
const BABBLE_VOICES: Source[] = [
  { file: 'librivox/sense_and_sensibility_01_austen_64kb-0890.wav' },
  { espeak: 'I have sent the new invoice to accounts, they said it should be paid by Friday, but we will see', voice: 'en-gb+f2' },
  { espeak: 'Can you check whether the delivery for order four five two went out this morning', voice: 'en-us+m1' },
  { espeak: 'The meeting has moved to three o clock, room twelve, bring the figures for the quarter', voice: 'en+f4' },
];

/**
 * Office babble `below` dB under the talkers' active speech level: several
 * far-off voices, each looped with its own offset and pauses so that they
 * overlap all call long, heard through a room (sox `lowpass` and `reverb`:
 * far-field speech loses its highs and gains the room's tail).
 */
function babble(frames: number, below: number, seed: number): Float32Array {
  const rand = random(seed);
  const out = new Float32Array(frames);
  for (const voice of BABBLE_VOICES) {
    const { samples } = prepare(clip(voice, ['lowpass', '2000', 'reverb', '60']));
    for (let t = Math.round((rand() + 0.5) * 3 * RATE); t < frames; t += samples.length + Math.round((0.3 + (rand() + 0.5)) * RATE)) {
      for (let i = 0; i < samples.length && t + i < frames; i++) out[t + i] += samples[i] / Math.sqrt(BABBLE_VOICES.length);
    }
  }
  const gain = 10 ** (-below / 20);
  return out.map((v) => v * gain);
}

function writeWave(path: string, channels: Float32Array[]) {
  const frames = channels[0].length;
  const data = Buffer.alloc(frames * channels.length * 2);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < channels.length; c++) data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, channels[c][i])) * 32767), (i * channels.length + c) * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0); header.writeUInt32LE(36 + data.length, 4); header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16); header.writeUInt16LE(1, 20); header.writeUInt16LE(channels.length, 22);
  header.writeUInt32LE(RATE, 24); header.writeUInt32LE(RATE * 2 * channels.length, 28); header.writeUInt16LE(2 * channels.length, 32);
  header.writeUInt16LE(16, 34); header.write('data', 36); header.writeUInt32LE(data.length, 40);
  writeFileSync(path, Buffer.concat([header, data]));
}

export function speechFixtureList(): Omit<SpeechFixture, 'path'>[] {
  return [
    ...CONDITIONS.map((condition) => ({ name: `${condition}-mulaw.wav`, condition, format: 'mulaw.wav' })),
    ...Object.keys(FORMATS).filter((f) => f !== 'mulaw.wav').map((format) => ({ name: `${CODEC_CONDITION}-${format}`, condition: CODEC_CONDITION, format })),
  ];
}

/** Builds every call into `dir` (once) and returns them with their truth. */
export function buildSpeechFixtures(dir = join(tmpdir(), 'oliver-speech-calls-v6')): { fixtures: SpeechFixture[]; truth: SpeechTruth } {
  const truthPath = join(dir, 'truth.json');
  if (!existsSync(truthPath)) {
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
    fixtures: speechFixtureList().map((f) => ({ ...f, path: join(dir, f.name) })),
    truth: JSON.parse(readFileSync(truthPath, 'utf8')) as SpeechTruth,
  };
}

function build(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const placed: { role: Role; st: number; samples: Float32Array; truth: { st: number; et: number }[] }[] = [];
  let cursor = 0;
  let hold = { st: 0, et: 0 };
  SCRIPT.forEach((line, i) => {
    const { samples, truth } = prepare(clip(line.source));
    const st = cursor + line.after;
    placed.push({ role: line.role, st, samples, truth });
    cursor = st + samples.length / RATE;
    if (i === HOLD_AFTER_LINE) {
      hold = { st: cursor + HOLD_GAP, et: cursor + HOLD_GAP + HOLD_SECONDS };
      cursor = hold.et + HOLD_GAP;
    }
  });
  const total = cursor + TAIL;
  const frames = Math.round(total * RATE);
  const voices = { agent: new Float32Array(frames), customer: new Float32Array(frames) };
  for (const p of placed) voices[p.role].set(p.samples, Math.round(p.st * RATE));
  const utterances = { agent: [] as { st: number; et: number }[], customer: [] as { st: number; et: number }[] };
  for (const p of placed) for (const t of p.truth) utterances[p.role].push({ st: p.st + t.st, et: p.st + t.et });

  const music = holdMusic(HOLD_SECONDS);
  // Hold music is played as loud as the voices.
  const musicRms = SPEECH_RMS;
  const musicAt = Math.round(hold.st * RATE);
  scaled(music, musicRms).forEach((v, i) => (voices.agent[musicAt + i] += v));

  const lineNoise = [random(3), random(5)];
  for (const condition of CONDITIONS) {
    const tracks = [Float32Array.from(voices.agent, (v) => v + 0.0008 * lineNoise[0]()), Float32Array.from(voices.customer, (v) => v + 0.0008 * lineNoise[1]())];
    const add = (c: number, extra: Float32Array) => extra.forEach((v, i) => (tracks[c][i] += v));
    const snr = /\d+$/.exec(condition);
    if (condition.startsWith('babble')) {
      add(0, babble(frames, Number(snr![0]), 31));
    } else if (snr) {
      const kind = condition.startsWith('pink') ? 'pink' : 'white';
      const level = SPEECH_RMS / 10 ** (Number(snr[0]) / 20);
      add(0, noise(kind, frames, level, 41));
      add(1, noise(kind, frames, level, 43));
    } else if (condition === 'music') {
      // A radio on the customer's side under the whole call, 20 dB under the speech.
      const loop = scaled(holdMusic(8), SPEECH_RMS / 10);
      for (let i = 0; i < frames; i++) tracks[1][i] += loop[i % loop.length];
    } else if (condition === 'clicks') {
      add(0, clicks(frames, 17));
    } else if (condition === 'comfort') {
      add(0, comfortNoise(frames, utterances.agent, 23));
      add(1, comfortNoise(frames, utterances.customer, 29));
    }
    const source = join(dir, `${condition}-source.wav`);
    writeWave(source, tracks);
    for (const fixture of speechFixtureList().filter((f) => f.condition === condition)) {
      const ext = fixture.format.slice(fixture.format.lastIndexOf('.'));
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', source, ...FORMATS[fixture.format], join(dir, `${fixture.name}.part${ext}`)]);
      renameSync(join(dir, `${fixture.name}.part${ext}`), join(dir, fixture.name));
    }
    rmSync(source);
  }
  const truth: SpeechTruth = { totalduration: frames / RATE, utterances, hold };
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 2));
}
