import { Interval } from './intervals';
import { ModelRate, ModelStream, windowSamples } from './speech-model';

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

/** `sound`: 0 none, 1 some, 2 steady (see windowSteady); `power`: the window's mean square (full scale 1). */
type Job = { kind: 'warm' | 'score'; samples: Float32Array; sound: number; leaked: boolean; power: number } | { kind: 'skip'; sound: number };

type SoundStretch = Interval & { starts: number[]; levels: number[] };

/** A run of the model's speech, with the level (dBFS), speech probability and sound (see Job) of each window from `from` on. */
type ModelRun = Interval & { from: number; levels: number[]; probabilities: number[]; sounds: number[] };

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
 * read; `flush()` scores the windows gathered since the last flush, in order.
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
  private readonly recent: { index: number; samples: Float32Array }[] = [];
  private lastQueued = -1;
  private hangover = 0;
  private jobs: Job[] = [];

  private decided = 0;
  private inSpeech = false;
  private speechStart = 0;
  private quietSince: number | undefined;
  private readonly report: ChannelSpeechReport = { speechRuns: [], nonSpeechSeconds: 0, nonSpeech: [] };
  private readonly modelRuns: ModelRun[] = [];
  /** Levels (dBFS) and probabilities of the windows of the speech run being read. */
  private levels: number[] = [];
  private probabilities: number[] = [];
  private sounds: number[] = [];
  /** Stretches of steady non-speech sound, with the start (seconds) and level (dBFS) of each window, trimmed in finish(). */
  private nonSpeechRun: SoundStretch | undefined;
  private readonly stretches: SoundStretch[] = [];

  constructor(
    private readonly stream: ModelStream,
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

  /** Scores the windows read since the last flush. */
  async flush(): Promise<void> {
    const jobs = this.jobs;
    this.jobs = [];
    for (const job of jobs) {
      if (job.kind === 'skip') {
        this.decide(0, job.sound, 0);
        continue;
      }
      this.toModelRate(job.samples);
      const probability = await this.stream.score();
      if (job.kind === 'score') this.decide(job.leaked ? 0 : probability, job.sound, job.power);
    }
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
    this.report.speechRuns = runs.filter((run, i) => run.et - run.st >= MIN_SPEECH_SECONDS || near(i));
    return this.report;
  }

  private closeWindow(): void {
    const index = this.windows++;
    const samples = this.line.slice();
    const steady = this.windowSteady && this.windowEnergy / WINDOW > STEADY_MIN_POWER;
    const sound = this.windowSound ? (steady ? 2 : 1) : 0;
    if (sound && !this.windowLeaked) {
      if (this.hangover === 0) {
        for (const before of this.recent) if (before.index > this.lastQueued) this.jobs.push({ kind: 'warm', samples: before.samples, sound: 0, leaked: false, power: 0 });
      }
      this.hangover = HANGOVER_WINDOWS;
      this.queue(index, samples, sound, false, this.windowEnergy / WINDOW);
    } else if (this.hangover > 0) {
      this.hangover--;
      this.queue(index, samples, sound, this.windowLeaked, this.windowEnergy / WINDOW);
    } else {
      this.jobs.push({ kind: 'skip', sound });
    }
    this.recent.push({ index, samples });
    if (this.recent.length > PREROLL_WINDOWS) this.recent.shift();
    this.line.copyWithin(0, WINDOW);
    this.filled = 0;
    this.windowSound = false;
    this.windowSteady = true;
    this.windowEnergy = 0;
    this.windowLeaked = true;
  }

  private queue(index: number, samples: Float32Array, sound: number, leaked: boolean, power: number): void {
    this.jobs.push({ kind: 'score', samples, sound, leaked, power });
    this.lastQueued = index;
  }

  /**
   * Fills the model's window from a line of 8 kHz samples: as is for the
   * 8 kHz model, or 2× interpolated (which delays it by HALO samples, 1 ms).
   */
  private toModelRate(line: Float32Array): void {
    const out = this.stream.window;
    if (this.rate === INPUT_RATE) {
      out.set(line.subarray(2 * HALO));
      return;
    }
    for (let n = 0; n < WINDOW; n++) {
      const at = n + HALO;
      out[2 * n] = line[at];
      let odd = 0;
      for (let j = 0; j < HALO; j++) odd += HALF_BAND[j] * (line[at - j] + line[at + 1 + j]);
      out[2 * n + 1] = odd;
    }
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
        this.levels = [];
        this.probabilities = [];
        this.sounds = [];
      }
    } else if (probability < EXIT_SPEECH) {
      this.quietSince ??= st;
      if (et - this.quietSince >= MIN_SILENCE_SECONDS) this.closeSpeech(this.quietSince, et);
    } else {
      this.quietSince = undefined;
    }
    if (this.inSpeech) {
      this.levels.push(power > 0 ? 10 * Math.log10(power) : SILENT_DB);
      this.probabilities.push(probability);
      this.sounds.push(sound);
      this.endNonSpeech();
    } else if (sound) this.addNonSpeech(st, et, sound === 2, power > 0 ? 10 * Math.log10(power) : SILENT_DB);
  }

  private closeSpeech(et: number, limit: number): void {
    const runs = this.modelRuns;
    const st = Math.max(this.speechStart, runs.length ? runs[runs.length - 1].et : 0);
    runs.push({ st, et: Math.min(limit, et - WINDOW_SECONDS / 2), from: this.speechStart, levels: this.levels, probabilities: this.probabilities, sounds: this.sounds });
    this.levels = [];
    this.probabilities = [];
    this.sounds = [];
    this.inSpeech = false;
    this.quietSince = undefined;
  }

  /**
   * The model's speech runs less the background speech in them (see
   * FOREGROUND_MARGIN_DB), whose seconds count as non-speech sound.
   */
  private foreground(keyed: Interval[]): Interval[] {
    // A keyed window has no level (NaN): it is left out of the smoothing and the percentile, and is never background.
    // Windows and keys are both in time order (the keys disjoint), so one pointer walks the keys once.
    let k = 0;
    const levels = this.modelRuns.map((run) => run.levels.map((level, i) => {
      const st = run.from + i * WINDOW_SECONDS;
      while (k < keyed.length && keyed[k].et <= st) k++;
      return k < keyed.length && keyed[k].st < st + WINDOW_SECONDS ? NaN : level;
    }));
    const smoothed = levels.map((run) => run.map((_, i) => smoothedLevel(run, i, FOREGROUND_LONG_WINDOWS)));
    const all = smoothed.flat().filter((level) => !Number.isNaN(level)).sort((a, b) => a - b);
    const threshold = all.length ? all[Math.floor(all.length * FOREGROUND_PERCENTILE)] - FOREGROUND_MARGIN_DB : -Infinity;
    const out: Interval[] = [];
    for (const [r, run] of this.modelRuns.entries()) {
      const short = levels[r].map((_, i) => smoothedLevel(levels[r], i, FOREGROUND_SHORT_WINDOWS));
      const background = new Uint8Array(short.length);
      // A run that never rises to the talker's level is background speech as a whole, however short.
      if (short.every((level) => !(level >= threshold))) background.fill(1);
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
        const probability = background[i] ? 0 : run.probabilities[i];
        const st = run.from + i * WINDOW_SECONDS;
        if (start === undefined) {
          if (probability >= ENTER_SPEECH && (i === 0 || levels[r][i] >= threshold)) [start, quietSince] = [st, undefined];
        } else if (probability < EXIT_SPEECH) {
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
        if (speech || run.sounds[i] !== 2 || middle < run.st || middle > run.et) {
          given = undefined;
          continue;
        }
        if (!given) this.stretches.push((given = { st, et: st, starts: [], levels: [] }));
        given.et = st + WINDOW_SECONDS;
        given.starts.push(st);
        given.levels.push(run.levels[i]);
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
      } else joined.push({ ...run, starts: [...run.starts], levels: [...run.levels] });
    }
    for (const run of joined.filter((stretch) => stretch.et - stretch.st >= NON_SPEECH_MIN_SECONDS)) {
      const short = run.levels.map((_, i) => smoothedLevel(run.levels, i, FOREGROUND_SHORT_WINDOWS));
      const threshold = [...short].sort((x, y) => x - y)[Math.floor(short.length * FOREGROUND_PERCENTILE)] - FOREGROUND_MARGIN_DB;
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

/** Mean power (dB) of the windows within `k` of window `i` that have a level; NaN if none has. */
function smoothedLevel(levels: number[], i: number, k: number): number {
  let power = 0;
  let count = 0;
  for (let j = Math.max(0, i - k); j <= Math.min(levels.length - 1, i + k); j++) {
    if (Number.isNaN(levels[j])) continue;
    power += 10 ** (levels[j] / 10);
    count++;
  }
  return count ? 10 * Math.log10(power / count) : NaN;
}
