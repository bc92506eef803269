import { ChannelMeter, ChannelReport, CROSSTALK_DB, FRAME_SECONDS, Tone } from './channel-meter';
import { ChannelSpeech, ChannelSpeechReport, NON_SPEECH_MIN_SECONDS, scoreChannels } from './channel-speech';
import { DtmfTone } from './dtmf';
import { DualMonoDetector } from './dual-mono';
import { gaps, intersection, Interval, length, toUtterances, union } from './intervals';
import { ModelRate, SpeechModel } from './speech-model';

/**
 * Consumes a call as interleaved 16-bit PCM, chunk by chunk, and measures it:
 * who spoke when, how loud, at what pitch, who interrupted whom, the
 * silences, the beeps and rings, the sound that is not speech (music, noise,
 * holds), and the sound quality. Plain TypeScript: no framework, no I/O, so it
 * runs in a worker thread and in tests alike.
 *
 * Two detectors share the work. The energy meter (ChannelMeter) measures
 * levels, tones and crosstalk and opens a gate where it hears sound; the
 * speech model (Silero VAD) runs only behind that gate and decides what is
 * speech: talk time, silences, interruptions, speaker changes and the first
 * word all follow the model.
 */
export interface AnalyserOptions {
  /** Hz; the analysis runs at 8000. */
  sampleRate: number;
  channels: 1 | 2;
  /** Which channel of a stereo call is the agent. */
  agentChannel: 0 | 1;
  /** The loaded model: one per thread, shared by its calls. */
  speechModel: SpeechModel;
  /** The rate the model hears, Hz (default 8000, the call's own; 16000 upsamples it 2×). */
  modelRate?: ModelRate;
  /**
   * Whether the keys of keypad tones leave the analyser. Off unless asked for:
   * callers key card numbers and PINs (PCI DSS), and a key is never kept by default.
   */
  dtmfDigits?: boolean;
}

/** A stretch of non-speech sound on the agent's channel at least this long, with the customer silent, is a hold. */
export const HOLD_MIN_SECONDS = 5;

/**
 * Seconds of audio gathered before the speech model scores it: the more
 * segments of sound gathered, the more are scored side by side in one run
 * (scoreChannels). The model's windows keep their samples meanwhile, at most
 * 2 MB a channel (1.1 KB a window); a 10-minute call took 1.83 s of CPU
 * scored every 30 s, 1.70 s every 60 s, 1.51 s every 120 s
 * (scripts/bench/analyse-one.ts).
 */
const SCORE_AFTER_SECONDS = 60;

export const UTTERANCE_MAX_PAUSE = 0.5;
export const UTTERANCE_MIN_LENGTH = 0.2;
export const INTERRUPTION_MIN_OVERLAP = 0.3;
export const LONG_SILENCE = 2;
/**
 * Seconds before and after a keypad tone that are not speech either: its
 * edges are placed to about 8 ms, and lossy codecs smear a tone, MP3 at 8 kHz
 * (72 ms frames) up to about 40 ms before it and 100 ms after.
 */
const DTMF_LEAD = 0.04;
const DTMF_TAIL = 0.1;

type Role = 'agent' | 'customer' | 'speaker1';

export interface Interruption {
  t: number;
  by: Role;
  of: Role;
  overlap: number;
}

export interface RoleAnalytics {
  channel: number;
  talkTime: number;
  talkShare: number;
  longestMonologue: number;
  interruptions: number;
  loudness?: { meanDbfs: number; p95Dbfs: number };
  pitch?: { medianHz: number; p10Hz: number; p90Hz: number; variabilitySemitones: number };
  quality: { clippingRatio: number; snrDb?: number };
  /** Sound above the noise floor that the speech model does not call speech (music, ringback, noise, clicks). */
  nonSpeech: { seconds: number; minimumSeconds: number; list: Interval[] };
  dtmf: KeypadTones;
}

/** Keypad tones of one role: how many, and when. `digit` only when the analyser was asked for keys. */
export interface KeypadTones {
  count: number;
  tones: { t: number; duration: number; digit?: string }[];
}

export interface CallAnalysis {
  basic: {
    totalduration: number;
    speakerchanges: number;
    numbeepfound: number;
    numringfound: number;
    id: Partial<Record<Role, number>>;
    /** Talk time per role, time both talk (stereo) and time nobody talks, seconds. */
    vad: Partial<Record<Role | 'overlap', number>> & { silence: number };
    utterances: Partial<Record<Role, number>>;
    /** Set when a stereo file's channels carry one signal (src/analysis/dual-mono.ts): analysed as one speaker, speaker1. */
    dualMono?: true;
  };
  core: { diarization: Partial<Record<Role, Interval[]>> };
  analytics: {
    roles: Partial<Record<Role, RoleAnalytics>>;
    interruptions: Interruption[];
    silences: { minimumSeconds: number; count: number; total: number; longest: number; leadIn: number; list: Interval[] };
    beeps: { t: number; duration: number; frequency: number }[];
    rings: { t: number; duration: number; type: string }[];
    /** Stereo calls only: the agent's channel carries non-speech sound for ≥ 5 s while the customer is silent. */
    holds?: { minimumSeconds: number; count: number; total: number; list: Interval[] };
  };
}

const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const roundInterval = (i: Interval) => ({ st: round(i.st), et: round(i.et) });

export class CallAnalyser {
  private readonly meters: ChannelMeter[];
  private readonly speech: ChannelSpeech[];
  private readonly blockSize: number;
  /** Samples (all channels, interleaved) of a block cut by the end of a chunk. */
  private readonly pending: Int16Array;
  private filled = 0;
  private frames = 0;
  /** Frames (per channel) the speech model has scored. */
  private scoredFrames = 0;
  private carry: Buffer | null = null;
  private readonly frameBytes: number;
  private readonly dualMono = new DualMonoDetector();

  constructor(private readonly options: AnalyserOptions) {
    this.frameBytes = 2 * options.channels;
    this.meters = Array.from({ length: options.channels }, () => new ChannelMeter(options.sampleRate));
    const rate = options.modelRate ?? 8000;
    this.speech = this.meters.map(() => new ChannelSpeech(options.speechModel, rate));
    this.blockSize = this.meters[0].blockSize;
    this.pending = new Int16Array(this.blockSize * options.channels);
  }

  /** Seconds of audio consumed so far. */
  get seconds(): number {
    return this.frames / this.options.sampleRate;
  }

  /** Reads a chunk of PCM; the speech model scores it once SCORE_AFTER_SECONDS have gathered. */
  async push(chunk: Buffer): Promise<void> {
    let data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = data.length - (data.length % this.frameBytes);
    this.carry = whole < data.length ? Buffer.from(data.subarray(whole)) : null;
    if (whole === 0) return;
    // Int16Array needs an even offset; pooled buffers do not promise one.
    if (data.byteOffset % 2 !== 0) data = Buffer.from(data.subarray(0, whole));
    const samples = new Int16Array(data.buffer, data.byteOffset, whole / 2);
    this.consume(samples);
    this.frames += whole / this.frameBytes;
    if (this.frames - this.scoredFrames >= SCORE_AFTER_SECONDS * this.options.sampleRate) await this.score();
  }

  private async score(): Promise<void> {
    await scoreChannels(this.options.speechModel, this.speech);
    this.scoredFrames = this.frames;
  }

  /**
   * Whole blocks are read in place from the decoded chunk; only a block cut
   * by a chunk's edge is gathered in `pending` first.
   */
  private consume(samples: Int16Array): void {
    const channels = this.options.channels;
    const blockValues = this.blockSize * channels;
    let at = 0;
    if (this.filled > 0) {
      const take = Math.min(blockValues - this.filled, samples.length);
      this.pending.set(samples.subarray(0, take), this.filled);
      this.filled += take;
      at = take;
      if (this.filled < blockValues) return;
      this.analyseBlock(this.pending, 0);
      this.filled = 0;
    }
    for (; at + blockValues <= samples.length; at += blockValues) this.analyseBlock(samples, at);
    if (at < samples.length) {
      this.pending.set(samples.subarray(at), 0);
      this.filled = samples.length - at;
    }
  }

  /** Both channels advance block by block together, so each sees the other's levels. */
  private analyseBlock(samples: Int16Array, at: number): void {
    const channels = this.options.channels;
    if (channels === 1) {
      this.meters[0].measure(samples, at, 1);
      this.meters[0].decide(samples, at, 1);
    } else {
      this.dualMono.add(samples, at, this.blockSize);
      const [left, right] = this.meters;
      const leftLevels = left.measure(samples, at, 2);
      const rightLevels = right.measure(samples, at + 1, 2);
      left.decide(samples, at, 2, rightLevels);
      right.decide(samples, at + 1, 2, leftLevels);
    }
    const frameSize = Math.round(FRAME_SECONDS * this.options.sampleRate);
    for (let c = 0; c < channels; c++) {
      const heard = this.meters[c].heard;
      for (let f = 0; f < heard.length; f++) this.speech[c].frame(samples, at + c + f * frameSize * channels, channels, frameSize, heard[f]);
    }
  }

  async finish(): Promise<CallAnalysis> {
    const total = this.seconds;
    await this.score();
    const reports = this.meters.map((m) => m.finish());
    const dualMono = this.options.channels === 2 && this.dualMono.dualMono;
    const roles: [Role, number][] =
      this.options.channels === 1 || dualMono
        ? [['speaker1', 0]]
        : [['agent', this.options.agentChannel], ['customer', 1 - this.options.agentChannel]];
    const keys = reports.map((r, channel) => withoutCrosstalk(r.dtmf, reports[1 - channel]?.dtmf ?? []));
    // Keypad tones are neither speech nor beeps.
    const keyed = reports.map((r) => union(r.dtmf.map((d) => ({ st: d.st - DTMF_LEAD, et: d.et + DTMF_TAIL }))));
    const heard = this.speech.map((s, channel) => s.finish(total, keyed[channel]));
    const speech = heard.map((h, channel) => withoutKeys(h.speechRuns, keyed[channel]));
    // One who speaks on while keying holds the floor: the tones do not cut the utterance.
    const utterances = new Map(roles.map(([role, channel]) => [role, toUtterances(speech[channel], UTTERANCE_MAX_PAUSE, UTTERANCE_MIN_LENGTH, keyed[channel])]));
    const talk = (role: Role) => length(utterances.get(role)!);
    const anyone = union(...utterances.values());
    const overlap = roles.length === 2 ? length(intersection(utterances.get('agent')!, utterances.get('customer')!)) : 0;
    const turns = roles
      .flatMap(([role]) => utterances.get(role)!.map((u) => ({ role, ...u })))
      .sort((a, b) => a.st - b.st);
    const interruptions = findInterruptions(turns);
    const silences = gaps(anyone, total).filter((g) => g.et - g.st > LONG_SILENCE);
    const beeps = mergeAcrossChannels(reports.map((r, channel) => r.beeps.filter((b) => intersection([b], keyed[channel]).length === 0)));
    const rings = mergeAcrossChannels(reports.map((r) => r.rings));
    const totalTalk = roles.reduce((sum, [role]) => sum + talk(role), 0);
    const holds = roles.length === 2 ? findHolds(heard[this.options.agentChannel], utterances.get('customer')!) : undefined;

    const vad: CallAnalysis['basic']['vad'] = { silence: round(total - length(anyone)) };
    for (const [role] of roles) vad[role] = round(talk(role));
    if (roles.length === 2) vad.overlap = round(overlap);

    return {
      basic: {
        totalduration: round(total, 3),
        speakerchanges: turns.reduce((n, turn, i) => n + (i > 0 && turn.role !== turns[i - 1].role ? 1 : 0), 0),
        numbeepfound: beeps.length,
        numringfound: rings.length,
        id: Object.fromEntries(roles),
        vad,
        utterances: Object.fromEntries(roles.map(([role]) => [role, utterances.get(role)!.length])),
        ...(dualMono && { dualMono: true as const }),
      },
      core: { diarization: Object.fromEntries(roles.map(([role]) => [role, utterances.get(role)!.map(roundInterval)])) },
      analytics: {
        roles: Object.fromEntries(
          roles.map(([role, channel]) => [role, { ...roleAnalytics(reports[channel], heard[channel], channel, talk(role), totalTalk, longestMonologue(turns, role), interruptions.filter((i) => i.by === role).length), dtmf: keypadTones(keys[channel], this.options.dtmfDigits === true) }]),
        ),
        interruptions,
        silences: {
          minimumSeconds: LONG_SILENCE,
          count: silences.length,
          total: round(length(silences)),
          longest: round(Math.max(0, ...silences.map((s) => s.et - s.st))),
          leadIn: round(anyone.length ? anyone[0].st : total),
          list: silences.map(roundInterval),
        },
        beeps: beeps.map((b) => ({ t: round(b.st), duration: round(b.et - b.st), frequency: Math.round(b.frequency ?? 0) })),
        rings: rings.map((r) => ({ t: round(r.st), duration: round(r.et - r.st), type: r.ring ?? 'unknown' })),
        ...(holds && { holds: { minimumSeconds: HOLD_MIN_SECONDS, count: holds.length, total: round(length(holds)), list: holds.map(roundInterval) } }),
      },
    };
  }
}

/**
 * A speaker starts while the other is mid-utterance, and both then talk for
 * at least 0.3 s. One pass over the turns in start order: a role's
 * utterances are disjoint, so the only one that can be under way when
 * another starts is the last one begun.
 */
function findInterruptions(turns: (Interval & { role: Role })[]): Interruption[] {
  const found: Interruption[] = [];
  const lastBegun = new Map<Role, Interval & { role: Role }>();
  for (const turn of turns) {
    for (const [role, other] of lastBegun) {
      if (role === turn.role || !(other.st < turn.st && turn.st < other.et)) continue;
      const overlap = Math.min(turn.et, other.et) - turn.st;
      if (overlap >= INTERRUPTION_MIN_OVERLAP) found.push({ t: round(turn.st), by: turn.role, of: role, overlap: round(overlap) });
    }
    lastBegun.set(turn.role, turn);
  }
  return found;
}

/** The longest stretch of one role's consecutive utterances with no turn of the other between. */
function longestMonologue(turns: (Interval & { role: Role })[], role: Role): number {
  let longest = 0;
  let start: number | undefined;
  let end = 0;
  for (const turn of turns) {
    if (turn.role === role) {
      start ??= turn.st;
      end = Math.max(end, turn.et);
      longest = Math.max(longest, end - start);
    } else {
      start = undefined;
      end = 0;
    }
  }
  return round(longest);
}

/** The agent's stretches of non-speech sound, less the customer's talk, that last at least HOLD_MIN_SECONDS. */
function findHolds(agent: ChannelSpeechReport, customerTalk: Interval[]): Interval[] {
  const holds: Interval[] = [];
  for (const sound of agent.nonSpeech) {
    for (const quiet of gaps(customerTalk, sound.et)) {
      const st = Math.max(quiet.st, sound.st);
      const et = Math.min(quiet.et, sound.et);
      if (et - st >= HOLD_MIN_SECONDS) holds.push({ st, et });
    }
  }
  return holds;
}

/** A tone heard on both channels (a beep mixed into the recording) is one tone. */
function mergeAcrossChannels(lists: Tone[][]): Tone[] {
  const all = lists.flat().sort((a, b) => a.st - b.st);
  const out: Tone[] = [];
  for (const tone of all) {
    const last = out[out.length - 1];
    if (last && tone.st < last.et) last.et = Math.max(last.et, tone.et);
    else out.push({ ...tone });
  }
  return out;
}

/** Speech runs without the keypad tones (both sorted, disjoint). */
function withoutKeys(runs: Interval[], keyed: Interval[]): Interval[] {
  const out: Interval[] = [];
  let j = 0;
  for (const run of runs) {
    while (j < keyed.length && keyed[j].et <= run.st) j++;
    let st = run.st;
    for (let k = j; k < keyed.length && keyed[k].st < run.et; k++) {
      if (keyed[k].st > st) out.push({ st, et: keyed[k].st });
      st = Math.max(st, keyed[k].et);
    }
    if (st < run.et) out.push({ st, et: run.et });
  }
  return out;
}

/** A key heard on the other channel at the same time and far louder is that channel's key leaking across (codec crosstalk, echo). */
function withoutCrosstalk(tones: DtmfTone[], other: DtmfTone[]): DtmfTone[] {
  return tones.filter((t) => !other.some((o) => o.digit === t.digit && o.st < t.et && t.st < o.et && o.levelDbfs - t.levelDbfs > CROSSTALK_DB));
}

function keypadTones(tones: DtmfTone[], withDigits: boolean): KeypadTones {
  return {
    count: tones.length,
    tones: tones.map((d) => ({ t: round(d.st, 3), duration: round(d.et - d.st, 3), ...(withDigits ? { digit: d.digit } : {}) })),
  };
}

function roleAnalytics(report: ChannelReport, heard: ChannelSpeechReport, channel: number, talkTime: number, totalTalk: number, monologue: number, interruptions: number): Omit<RoleAnalytics, 'dtmf'> {
  const analytics: Omit<RoleAnalytics, 'dtmf'> = {
    channel,
    talkTime: round(talkTime),
    talkShare: totalTalk > 0 ? round(talkTime / totalTalk, 3) : 0,
    longestMonologue: monologue,
    interruptions,
    quality: { clippingRatio: report.samples ? round(report.clippedSamples / report.samples, 6) : 0 },
    nonSpeech: { seconds: round(heard.nonSpeechSeconds), minimumSeconds: NON_SPEECH_MIN_SECONDS, list: heard.nonSpeech.map(roundInterval) },
  };
  if (report.snrDb !== undefined && Number.isFinite(report.snrDb)) analytics.quality.snrDb = round(report.snrDb, 1);
  const mean = report.loudness.mean();
  const p95 = report.loudness.percentile(0.95);
  if (mean !== undefined && p95 !== undefined) analytics.loudness = { meanDbfs: round(mean, 1), p95Dbfs: round(p95, 1) };
  const semitones = report.pitchSemitones;
  // A handful of voiced frames says nothing reliable about a voice.
  if (semitones.count >= 20) {
    const hz = (st: number) => round(55 * 2 ** (st / 12), 1);
    const [p10, p90] = [semitones.percentile(0.1)!, semitones.percentile(0.9)!];
    analytics.pitch = {
      medianHz: hz(semitones.percentile(0.5)!),
      p10Hz: hz(p10),
      p90Hz: hz(p90),
      // The 10th–90th spread of a normal distribution is 2.56 deviations; robust to the odd octave error.
      variabilitySemitones: round((p90 - p10) / 2.56, 2),
    };
  }
  return analytics;
}
