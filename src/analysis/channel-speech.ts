import { Interval } from './intervals';
import { ModelRate, ModelStream, SpeechModel, windowSamples } from './speech-model';

/**
 * What the energy meter heard in one 20 ms frame: nothing above the noise
 * floor, sound of this channel, or the other channel's voice leaking across.
 */
export enum FrameSound {
  Quiet = 0,
  Sound = 1,
  Leaked = 2,
}

/** The call's rate, Hz: each model window covers 256 of its samples (32 ms). */
const INPUT_RATE = 8000;
const WINDOW = 256;
export const WINDOW_SECONDS = WINDOW / INPUT_RATE;

// Decisions as in Silero VAD's get_speech_timestamps: speech starts at a window scoring ≥ 0.5, and ends
// once windows score under 0.35 for 200 ms (there 100 ms: at 5 dB SNR, 200 ms splits fewer words).
// Unlike there, runs are not padded, and they end in the
// middle of the last window scoring speech: the model's score lingers past the last sound (measured
// against the test calls' truth, test/analysis/speech.test.ts).
const ENTER_SPEECH = 0.5;
const EXIT_SPEECH = 0.35;
const MIN_SILENCE_SECONDS = 0.2;
/**
 * Shorter runs are dropped, as there (the first windows of music or a knock can score as speech),
 * unless another run lies this close: then it is a short word of a phrase ("Thanks, ...").
 */
const MIN_SPEECH_SECONDS = 0.25;
const PHRASE_GAP_SECONDS = 0.5;
/**
 * A run shorter than this is never a word, however close to others: one or
 * two windows scoring speech (a run ends half a window into its last, so
 * they measure 16 or 48 ms) are a click, such as a tone's hard end. The
 * shortest words last about 100 ms.
 */
const MIN_WORD_SECONDS = 0.064;
/** Windows scored before the first one the energy gate opens: the model needs them to settle. */
const PREROLL_WINDOWS = 4;
/** Windows scored after the gate closes: soft word endings lie under the energy gate. */
const HANGOVER_WINDOWS = 10;
/** Non-speech sound closer than this is one stretch (notes of music, rings of a ringback). */
export const NON_SPEECH_JOIN_SECONDS = 0.5;
/**
 * Steady sound quieter than -45 dBFS is a quiet line: comfort noise
 * (RFC 3389) that a gateway plays in the pauses is silence, not sound.
 */
const STEADY_MIN_POWER = 10 ** (-45 / 10);
/** Shorter stretches of non-speech sound (a click, a cough) are counted in seconds but not listed. */
export const NON_SPEECH_MIN_SECONDS = 2;

// 2× interpolation for the 16 kHz model: a Hann-windowed sinc half-band filter, HALO taps each side.
const HALO = 8;
const HALF_BAND = (() => {
  const taps = Float32Array.from({ length: HALO }, (_, j) => {
    const t = j + 0.5;
    return (Math.sin(Math.PI * t) / (Math.PI * t)) * 0.5 * (1 + Math.cos((Math.PI * t) / HALO));
  });
  const gain = 2 * taps.reduce((sum, h) => sum + h, 0);
  return taps.map((h) => h / gain);
})();

/**
 * The foreground talker. Office babble (colleagues talking behind the agent)
 * is speech to the model, but it reaches the microphone far under the
 * talker's own voice. The channel's speech level is the upper percentile
 * FOREGROUND_PERCENTILE of the model's speech windows' levels, each smoothed
 * over FOREGROUND_LONG_WINDOWS each side (the loudness histogram's upper part,
 * as in ITU-T P.56 the level of the active speech, but not pulled down when
 * babble fills most of the runs). Inside the model's speech, a stretch whose
 * level smoothed over FOREGROUND_SHORT_WINDOWS each side stays more than
 * FOREGROUND_MARGIN_DB under that for at least FOREGROUND_QUIET_WINDOWS
 * (longer than the pauses that join an utterance, UTTERANCE_MAX_PAUSE), or a
 * whole run that never rises over it, is background speech: non-speech sound,
 * not talk. Shorter dips are the talker's own pauses and soft syllables. The
 * rest of the run then goes through the model's hysteresis again with the
 * background scoring no speech, and speech starts again only at a window as
 * loud as the talker, so what the babble alone kept in speech (the first notes
 * of hold music after the talker's last word) is not talk either. Measured on
 * test/analysis/speech.test.ts: babble 20, 15 and 10 dB under the talker
 * passes (frame F1 ≥ 0.976); a 9 dB margin lets babble 10 dB under through
 * (F1 0.92), a 6 dB one cuts soft read speech on clean calls (F1 0.946).
 */
const FOREGROUND_PERCENTILE = 0.9;
const FOREGROUND_LONG_WINDOWS = 8;
const FOREGROUND_SHORT_WINDOWS = 2;
const FOREGROUND_MARGIN_DB = 8;
const FOREGROUND_QUIET_WINDOWS = 16;
/** Level (dBFS) of a window the energy gate skipped. */
const SILENT_DB = -120;

/** Samples in a line: HALO·2 before a window, then the window. */
const LINE = 2 * HALO + WINDOW;

/** What became of a window read: skipped (the gate was shut), heard only to settle the model (preroll), or scored. */
const enum WindowKind {
  Skip = 0,
  Warm = 1,
  Score = 2,
}

/**
 * The windows of one channel read since the last scoring, in typed columns
 * grown by doubling and reused from one scoring to the next, so no object is
 * made per window. Every window has a kind and a sound (0 none, 1 some, 2
 * steady: see windowSteady); a window the model hears also has its line of
 * samples, whether the other channel's voice leaked into it, its power (mean
 * square, full scale 1) and, once scored, the model's probability.
 */
class PendingWindows {
  kind = new Uint8Array(1024);
  sound = new Uint8Array(1024);
  length = 0;
  lines = new Float32Array(1024 * LINE);
  leaked = new Uint8Array(1024);
  power = new Float64Array(1024);
  probability = new Float32Array(1024);
  /** Windows the model hears. */
  heard = 0;

  add(kind: WindowKind, sound: number): void {
    if (this.length === this.kind.length) [this.kind, this.sound] = [grow(this.kind, this.length), grow(this.sound, this.length)];
    this.kind[this.length] = kind;
    this.sound[this.length++] = sound;
  }

  /** A window the model hears; its index among those. */
  addHeard(kind: WindowKind.Warm | WindowKind.Score, line: Float32Array, sound: number, leaked: boolean, power: number): number {
    this.add(kind, sound);
    const m = this.heard++;
    if (m === this.leaked.length) {
      this.lines = grow(this.lines, m * LINE);
      [this.leaked, this.power, this.probability] = [grow(this.leaked, m), grow(this.power, m), grow(this.probability, m)];
    }
    this.lines.set(line, m * LINE);
    this.leaked[m] = leaked ? 1 : 0;
    this.power[m] = power;
    return m;
  }

  clear(): void {
    this.length = 0;
    this.heard = 0;
  }
}

/** A typed array twice as long, holding the first `used` values of `old`. */
function grow<T extends Uint8Array | Float32Array | Float64Array>(old: T, used: number): T {
  const next = new (old.constructor as new (n: number) => T)(old.length * 2);
  next.set(old.subarray(0, used));
  return next;
}

/**
 * A stretch of one channel's windows the model hears without a break
 * (`windows`' heard windows `first` to `end`): its own stream (state and
 * context), fresh at its first window. Segments are independent of each
 * other, so scoreChannels runs many side by side.
 */
export interface Segment {
  stream: ModelStream;
  windows: PendingWindows;
  first: number;
  end: number;
  /** The next window to score. */
  next: number;
}

/**
 * Windows scored in one run of the model at most: a run's fixed cost is
 * shared by its windows (measured on one core: 183 µs a window alone, 46 in
 * eight, 38 in sixteen), with little left to gain beyond.
 */
const MAX_BATCH = 16;

type SoundStretch = Interval & { starts: number[]; levels: number[] };

/** A run of the model's speech: its windows from `from` on are WindowColumns' `first` to `end`. */
type ModelRun = Interval & { from: number; first: number; end: number };

/** The model's verdict on a window, as the hysteresis reads it: under EXIT_SPEECH, between, or at least ENTER_SPEECH. */
const enum Verdict {
  Quiet = 0,
  Between = 1,
  Speech = 2,
}

const verdictOf = (probability: number): Verdict => (probability >= ENTER_SPEECH ? Verdict.Speech : probability < EXIT_SPEECH ? Verdict.Quiet : Verdict.Between);

/** Windows per block of WindowColumns (2^COLUMN_SHIFT): 35 minutes of speech. */
const COLUMN_SHIFT = 16;
const COLUMN_BLOCK = 1 << COLUMN_SHIFT;

/**
 * The level (dBFS), the model's verdict and the sound (see PendingWindows) of
 * every window of the model's speech runs, in order: 5 bytes a window, in
 * blocks of COLUMN_BLOCK windows, so a long call grows them a block at a time
 * and never copies them (about 2.3 MB for a 4-hour channel all speech).
 */
class WindowColumns {
  private readonly levels: Float32Array[] = [];
  /** The verdict in the low two bits, the sound in the next two. */
  private readonly marks: Uint8Array[] = [];
  length = 0;

  push(level: number, verdict: Verdict, sound: number): void {
    const [block, at] = [this.length >>> COLUMN_SHIFT, this.length & (COLUMN_BLOCK - 1)];
    if (at === 0) {
      this.levels.push(new Float32Array(COLUMN_BLOCK));
      this.marks.push(new Uint8Array(COLUMN_BLOCK));
    }
    this.levels[block][at] = level;
    this.marks[block][at] = verdict | (sound << 2);
    this.length++;
  }

  level(i: number): number {
    return this.levels[i >>> COLUMN_SHIFT][i & (COLUMN_BLOCK - 1)];
  }

  verdict(i: number): Verdict {
    return this.marks[i >>> COLUMN_SHIFT][i & (COLUMN_BLOCK - 1)] & 3;
  }

  sound(i: number): number {
    return this.marks[i >>> COLUMN_SHIFT][i & (COLUMN_BLOCK - 1)] >>> 2;
  }
}

export interface ChannelSpeechReport {
  /** What the model calls speech, seconds from the start of the call. */
  speechRuns: Interval[];
  /** Seconds of sound (above the noise floor) the model does not call speech. */
  nonSpeechSeconds: number;
  /** Stretches of steady such sound (every frame above the floor), joined across gaps under 0.5 s, of at least 2 s. */
  nonSpeech: Interval[];
}

/**
 * Decides speech on one channel with the neural model, scoring only the
 * windows where the energy meter hears sound (plus a few before and after),
 * so silence costs nothing. Frames come in synchronously as the call is
 * read; `scoreChannels()` scores the windows gathered since then, in order.
 */
export class ChannelSpeech {
  /** This channel's most recent samples: HALO·2 samples before the window being filled, then the window. */
  private readonly line = new Float32Array(2 * HALO + WINDOW);
  private filled = 0;
  private windowSound = false;
  /** Every frame of the window held sound: steady sound (music, a ringback), not a click or a flicker of noise. */
  private windowSteady = true;
  private windowEnergy = 0;
  private windowLeaked = true;
  private windows = 0;
  /** The last PREROLL_WINDOWS windows read, for scoring before an onset. */
  private readonly recent = Array.from({ length: PREROLL_WINDOWS }, () => new Float32Array(2 * HALO + WINDOW));
  private lastQueued = -1;
  private hangover = 0;
  /** Every window read since the last scoring, in order. */
  private readonly pending = new PendingWindows();
  /** The segments those windows make, the last one still open. */
  private segments: Segment[] = [];
  /** Streams of ended segments, for the next ones: the model's state is reset, not reallocated. */
  private readonly streams: ModelStream[] = [];

  private decided = 0;
  private inSpeech = false;
  private speechStart = 0;
  private quietSince: number | undefined;
  private readonly report: ChannelSpeechReport = { speechRuns: [], nonSpeechSeconds: 0, nonSpeech: [] };
  private readonly modelRuns: ModelRun[] = [];
  private readonly windowColumns = new WindowColumns();
  /** The first window (of windowColumns) of the speech run being read. */
  private runFirst = 0;
  /** Stretches of steady non-speech sound, with the start (seconds) and level (dBFS) of each window, trimmed in finish(). */
  private nonSpeechRun: SoundStretch | undefined;
  private readonly stretches: SoundStretch[] = [];

  constructor(
    private readonly model: SpeechModel,
    private readonly rate: ModelRate,
  ) {
    if (windowSamples(rate) !== (WINDOW * rate) / INPUT_RATE) throw new Error(`The model cannot hear ${rate} Hz`);
  }

  /** `count` samples of `x` from `base`, every `stride`-th, at 8 kHz, with what the energy meter heard in them. */
  frame(x: Int16Array, base: number, stride: number, count: number, heard: FrameSound): void {
    const line = this.line;
    for (let i = 0, at = base; i < count; i++, at += stride) {
      const v = x[at] / 32768;
      line[2 * HALO + this.filled++] = v;
      this.windowEnergy += v * v;
      if (heard === FrameSound.Sound) this.windowSound = true;
      else this.windowSteady = false;
      if (heard !== FrameSound.Leaked) this.windowLeaked = false;
      if (this.filled === WINDOW) this.closeWindow();
    }
  }

  /**
   * The segments read since the last scoring, each to be scored in order
   * (scoreChannels); then `decideScored()`.
   */
  pendingSegments(): Segment[] {
    return this.segments.filter((segment) => segment.next < segment.end);
  }

  /**
   * Once every pending segment is scored: the windows' verdicts, in order.
   * The open segment (the last) is kept, as the next windows may continue it.
   */
  decideScored(): void {
    const p = this.pending;
    for (let w = 0, m = 0; w < p.length; w++) {
      const kind = p.kind[w] as WindowKind;
      if (kind === WindowKind.Skip) this.decide(0, p.sound[w], 0);
      else {
        if (kind === WindowKind.Score) this.decide(p.leaked[m] ? 0 : p.probability[m], p.sound[w], p.power[m]);
        m++;
      }
    }
    p.clear();
    const open = this.segments.pop();
    for (const ended of this.segments) this.streams.push(ended.stream);
    this.segments = [];
    if (open) this.segments.push({ ...open, first: 0, end: 0, next: 0 });
  }

  /**
   * After the last flush: the runs, with one still open closed at `end`
   * seconds. `keyed` (sorted seconds) holds keypad tones: loud, but no measure
   * of the talker's level.
   */
  finish(end: number, keyed: Interval[] = []): ChannelSpeechReport {
    if (this.inSpeech) this.closeSpeech(this.quietSince ?? end, end);
    this.endNonSpeech();
    const runs = this.foreground(keyed);
    this.report.nonSpeech = this.trimmedStretches();
    const near = (i: number) => (i > 0 && runs[i].st - runs[i - 1].et < PHRASE_GAP_SECONDS) || (i + 1 < runs.length && runs[i + 1].st - runs[i].et < PHRASE_GAP_SECONDS);
    this.report.speechRuns = runs.filter((run, i) => run.et - run.st >= MIN_SPEECH_SECONDS || (run.et - run.st >= MIN_WORD_SECONDS && near(i)));
    return this.report;
  }

  private closeWindow(): void {
    const index = this.windows++;
    const steady = this.windowSteady && this.windowEnergy / WINDOW > STEADY_MIN_POWER;
    const sound = this.windowSound ? (steady ? 2 : 1) : 0;
    if (sound && !this.windowLeaked) {
      if (this.hangover === 0) {
        const from = Math.max(0, index - PREROLL_WINDOWS, this.lastQueued + 1);
        // After a break the model starts afresh: what it heard before the silence says nothing of this sound.
        if (this.lastQueued < 0 || from > this.lastQueued + 1) this.openSegment();
        for (let before = from; before < index; before++) this.hear(WindowKind.Warm, this.recent[before % PREROLL_WINDOWS], 0, false, 0);
      }
      this.hangover = HANGOVER_WINDOWS;
      this.queue(index, sound, false, this.windowEnergy / WINDOW);
    } else if (this.hangover > 0) {
      this.hangover--;
      this.queue(index, sound, this.windowLeaked, this.windowEnergy / WINDOW);
    } else {
      this.pending.add(WindowKind.Skip, sound);
    }
    this.recent[index % PREROLL_WINDOWS].set(this.line);
    this.line.copyWithin(0, WINDOW);
    this.filled = 0;
    this.windowSound = false;
    this.windowSteady = true;
    this.windowEnergy = 0;
    this.windowLeaked = true;
  }

  private queue(index: number, sound: number, leaked: boolean, power: number): void {
    this.hear(WindowKind.Score, this.line, sound, leaked, power);
    this.lastQueued = index;
  }

  /** A window for the model, in the open segment. */
  private hear(kind: WindowKind.Warm | WindowKind.Score, line: Float32Array, sound: number, leaked: boolean, power: number): void {
    this.pending.addHeard(kind, line, sound, leaked, power);
    this.segments[this.segments.length - 1].end++;
  }

  /** A new segment, with a stream of zero state and context. */
  private openSegment(): void {
    const stream = this.streams.pop() ?? this.model.stream(this.rate);
    stream.restart();
    const at = this.pending.heard;
    this.segments.push({ stream, windows: this.pending, first: at, end: at, next: at });
  }

  /** One window's verdict, in order: the hysteresis of Silero's get_speech_timestamps. */
  private decide(probability: number, sound: number, power: number): void {
    const st = this.decided++ * WINDOW_SECONDS;
    const et = st + WINDOW_SECONDS;
    if (!this.inSpeech) {
      if (probability >= ENTER_SPEECH) {
        this.inSpeech = true;
        this.speechStart = st;
        this.quietSince = undefined;
        this.runFirst = this.windowColumns.length;
      }
    } else if (probability < EXIT_SPEECH) {
      this.quietSince ??= st;
      if (et - this.quietSince >= MIN_SILENCE_SECONDS) this.closeSpeech(this.quietSince, et);
    } else {
      this.quietSince = undefined;
    }
    if (this.inSpeech) {
      this.windowColumns.push(power > 0 ? 10 * Math.log10(power) : SILENT_DB, verdictOf(probability), sound);
      this.endNonSpeech();
    } else if (sound) this.addNonSpeech(st, et, sound === 2, power > 0 ? 10 * Math.log10(power) : SILENT_DB);
  }

  private closeSpeech(et: number, limit: number): void {
    const runs = this.modelRuns;
    const st = Math.max(this.speechStart, runs.length ? runs[runs.length - 1].et : 0);
    runs.push({ st, et: Math.min(limit, et - WINDOW_SECONDS / 2), from: this.speechStart, first: this.runFirst, end: this.windowColumns.length });
    this.inSpeech = false;
    this.quietSince = undefined;
  }

  /**
   * The model's speech runs less the background speech in them (see
   * FOREGROUND_MARGIN_DB), whose seconds count as non-speech sound.
   */
  private foreground(keyed: Interval[]): Interval[] {
    const columns = this.windowColumns;
    // A keyed window has no level (NaN): it is left out of the smoothing and the percentile, and is never background.
    // Windows and keys are both in time order (the keys disjoint), so one pointer walks the keys once.
    let k = 0;
    const runLevels = (run: ModelRun): Float32Array => {
      const levels = new Float32Array(run.end - run.first);
      for (let i = 0; i < levels.length; i++) {
        const st = run.from + i * WINDOW_SECONDS;
        while (k < keyed.length && keyed[k].et <= st) k++;
        levels[i] = k < keyed.length && keyed[k].st < st + WINDOW_SECONDS ? NaN : columns.level(run.first + i);
      }
      return levels;
    };
    // The talker's level: the FOREGROUND_PERCENTILE of every run's windows' levels smoothed over the long span.
    const smoothed = new Float32Array(columns.length);
    let counted = 0;
    for (const run of this.modelRuns) {
      for (const level of smoothLevels(runLevels(run), FOREGROUND_LONG_WINDOWS)) if (!Number.isNaN(level)) smoothed[counted++] = level;
    }
    const all = smoothed.subarray(0, counted).sort();
    const threshold = counted ? all[Math.floor(counted * FOREGROUND_PERCENTILE)] - FOREGROUND_MARGIN_DB : -Infinity;
    k = 0;
    const out: Interval[] = [];
    for (const run of this.modelRuns) {
      const levels = runLevels(run);
      const short = smoothLevels(levels, FOREGROUND_SHORT_WINDOWS);
      const background = new Uint8Array(short.length);
      // A run that never rises to the talker's level is background speech as a whole, however short.
      // Keyed windows (no level) are never background.
      if (short.every((level) => !(level >= threshold))) short.forEach((level, i) => (background[i] = Number.isNaN(level) ? 0 : 1));
      for (let i = 0; i < short.length; ) {
        let j = i;
        while (j < short.length && short[j] < threshold === short[i] < threshold) j++;
        if (short[i] < threshold && j - i >= FOREGROUND_QUIET_WINDOWS) background.fill(1, i, j);
        i = j;
      }
      // The run's windows again through the model's hysteresis, background windows scoring none: what
      // the model kept in speech only because the babble held it there (the first notes of hold music
      // after the talker's last word) ends with the background, and speech starts again only where the
      // model is sure of it.
      let start: number | undefined;
      let quietSince: number | undefined;
      let kept = 0;
      const pieces: Interval[] = [];
      const keep = (st: number, et: number) => {
        [st, et] = [Math.max(run.st, st), Math.min(run.et, et)];
        if (et <= st) return;
        kept += et - st;
        pieces.push({ st, et });
        const last = out[out.length - 1];
        if (last && last.et >= st) last.et = Math.max(last.et, et);
        else out.push({ st, et });
      };
      for (let i = 0; i < short.length; i++) {
        const verdict = background[i] ? Verdict.Quiet : columns.verdict(run.first + i);
        const st = run.from + i * WINDOW_SECONDS;
        if (start === undefined) {
          if (verdict === Verdict.Speech && (i === 0 || levels[i] >= threshold)) [start, quietSince] = [st, undefined];
        } else if (verdict === Verdict.Quiet) {
          quietSince ??= st;
          if (st + WINDOW_SECONDS - quietSince >= MIN_SILENCE_SECONDS) {
            keep(start, quietSince - WINDOW_SECONDS / 2);
            start = undefined;
          }
        } else {
          quietSince = undefined;
        }
      }
      if (start !== undefined) keep(start, quietSince === undefined ? run.et : quietSince - WINDOW_SECONDS / 2);
      this.report.nonSpeechSeconds += run.et - run.st - kept;
      // Steady sound given back (hold music after the talker's last word) joins the stretches of non-speech sound.
      let p = 0;
      let given: SoundStretch | undefined;
      for (let i = 0; i < short.length; i++) {
        const st = run.from + i * WINDOW_SECONDS;
        const middle = st + WINDOW_SECONDS / 2;
        while (p < pieces.length && pieces[p].et <= middle) p++;
        const speech = p < pieces.length && pieces[p].st <= middle;
        if (speech || columns.sound(run.first + i) !== 2 || middle < run.st || middle > run.et) {
          given = undefined;
          continue;
        }
        if (!given) this.stretches.push((given = { st, et: st, starts: [], levels: [] }));
        given.et = st + WINDOW_SECONDS;
        given.starts.push(st);
        given.levels.push(columns.level(run.first + i));
      }
    }
    return out;
  }

  /** All non-speech sound counts in the seconds; only steady sound makes the stretches. */
  private addNonSpeech(st: number, et: number, steady: boolean, level: number): void {
    this.report.nonSpeechSeconds += et - st;
    if (!steady) return;
    const run = this.nonSpeechRun;
    if (run && st - run.et < NON_SPEECH_JOIN_SECONDS) {
      run.et = et;
      run.starts.push(st);
      run.levels.push(level);
      return;
    }
    this.endNonSpeech();
    this.nonSpeechRun = { st, et, starts: [st], levels: [level] };
  }

  /** Speech, or the end of the call, ends a stretch of non-speech sound. */
  private endNonSpeech(): void {
    const run = this.nonSpeechRun;
    this.nonSpeechRun = undefined;
    // Short ones too: the steady sound the talker's runs give back (see foreground) may lengthen them.
    if (run) this.stretches.push(run);
  }

  /**
   * The stretches of steady non-speech sound, split where their smoothed level
   * stays FOREGROUND_MARGIN_DB under the stretch's own level (its
   * FOREGROUND_PERCENTILE) for NON_SPEECH_JOIN_SECONDS or more: the babble
   * around hold music is not part of the hold.
   */
  private trimmedStretches(): Interval[] {
    const out: Interval[] = [];
    // Join the stretches in time order across short gaps, as they were read (addNonSpeech).
    const joined: SoundStretch[] = [];
    for (const run of [...this.stretches].sort((a, b) => a.st - b.st)) {
      const last = joined[joined.length - 1];
      if (last && run.st - last.et < NON_SPEECH_JOIN_SECONDS) {
        last.et = Math.max(last.et, run.et);
        for (const st of run.starts) last.starts.push(st);
        for (const level of run.levels) last.levels.push(level);
      } else joined.push(run);
    }
    for (const run of joined.filter((stretch) => stretch.et - stretch.st >= NON_SPEECH_MIN_SECONDS)) {
      const short = smoothLevels(Float32Array.from(run.levels), FOREGROUND_SHORT_WINDOWS);
      const threshold = short.slice().sort()[Math.floor(short.length * FOREGROUND_PERCENTILE)] - FOREGROUND_MARGIN_DB;
      let piece: Interval | undefined;
      const end = () => {
        if (piece && piece.et - piece.st >= NON_SPEECH_MIN_SECONDS) out.push(piece);
        piece = undefined;
      };
      short.forEach((level, i) => {
        if (level < threshold) return;
        const st = run.starts[i];
        if (piece && st - piece.et < NON_SPEECH_JOIN_SECONDS) piece.et = st + WINDOW_SECONDS;
        else {
          end();
          piece = { st, et: st + WINDOW_SECONDS };
        }
      });
      end();
    }
    return out;
  }

}

/**
 * Fills a model window from the line of 8 kHz samples at `offset` of
 * `lines` (HALO·2 before the window, then the window): as is for the 8 kHz model, or 2× interpolated
 * (which delays it by HALO samples, 1 ms).
 */
function toModelRate(lines: Float32Array, offset: number, out: Float32Array, rate: ModelRate): void {
  if (rate === INPUT_RATE) {
    for (let n = 0; n < WINDOW; n++) out[n] = lines[offset + 2 * HALO + n];
    return;
  }
  const line = lines.subarray(offset, offset + LINE);
  for (let n = 0; n < WINDOW; n++) {
    const at = n + HALO;
    out[2 * n] = line[at];
    let odd = 0;
    for (let j = 0; j < HALO; j++) odd += HALF_BAND[j] * (line[at - j] + line[at + 1 + j]);
    out[2 * n + 1] = odd;
  }
}

/** Each window's mean power (dB) over the windows within `k` of it that have a level (not NaN); NaN where none has. */
function smoothLevels(levels: Float32Array, k: number, out = new Float32Array(levels.length)): Float32Array {
  const power = levels.map((level) => 10 ** (level / 10));
  for (let i = 0; i < levels.length; i++) {
    let sum = 0;
    let count = 0;
    for (let j = Math.max(0, i - k); j <= Math.min(levels.length - 1, i + k); j++) {
      if (Number.isNaN(power[j])) continue;
      sum += power[j];
      count++;
    }
    out[i] = count ? 10 * Math.log10(sum / count) : NaN;
  }
  return out;
}

/**
 * Scores the windows the channels gathered. Each segment (see Segment) is
 * scored in order, and up to MAX_BATCH segments, of either channel, side by
 * side in one run of the model (SpeechModel.score), the longest left first,
 * so the runs are as few as the longest segment or the windows over
 * MAX_BATCH allow. Then each channel decides its windows in order.
 */
export async function scoreChannels(model: SpeechModel, channels: ChannelSpeech[]): Promise<void> {
  let active = channels.flatMap((channel) => channel.pendingSegments());
  const left = (segment: Segment) => segment.end - segment.next;
  while (active.length) {
    if (active.length > MAX_BATCH) active.sort((a, b) => left(b) - left(a));
    const batch = active.length > MAX_BATCH ? active.slice(0, MAX_BATCH) : active;
    for (const segment of batch) toModelRate(segment.windows.lines, segment.next * LINE, segment.stream.window, segment.stream.rate);
    const probabilities = await model.score(batch.map((segment) => segment.stream));
    batch.forEach((segment, i) => (segment.windows.probability[segment.next++] = probabilities[i]));
    active = active.filter((segment) => left(segment) > 0);
  }
  for (const channel of channels) channel.decideScored();
}
