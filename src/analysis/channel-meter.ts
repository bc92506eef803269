import { DTMF_QUIET_DBFS, DtmfDetector, DtmfTone } from './dtmf';
import { FrameSound } from './channel-speech';
import { Histogram } from './histogram';
import { PitchEstimator } from './pitch';

/** 20 ms frames decide speech; 60 ms blocks (three frames) resolve tones 17 Hz apart. */
export const FRAME_SECONDS = 0.02;
const FRAMES_PER_BLOCK = 3;

/** Call-progress tones the meter recognises. */
export type RingType = 'us' | 'uk' | 'eu';
const RING_TONES_HZ = [400, 425, 440, 450, 480] as const;
const GOERTZEL_STEP = 2;

export interface Tone {
  st: number;
  et: number;
  /** Hz of a single tone. */
  frequency?: number;
  ring?: RingType;
}

export interface ChannelReport {
  beeps: Tone[];
  rings: Tone[];
  /** Keypad tones, with their keys (the analyser decides whether the keys leave it). */
  dtmf: DtmfTone[];
  loudness: Histogram;
  pitchSemitones: Histogram;
  clippedSamples: number;
  samples: number;
  snrDb?: number;
}

// Voice activity: a frame is speech when it stands this far above the noise floor.
const ENTER_SPEECH_DB = 12;
const STAY_SPEECH_DB = 8;
const QUIETEST_SPEECH_DBFS = -62;
/**
 * Sound worth the speech model's time: this far above the noise floor. Under
 * the speech margins, so weak onsets and word endings reach the model.
 */
const SOUND_DB = 6;
/**
 * The quietest tenth of the call so far is its background: sound steady for
 * longer than the floor's window (hold music) still stands above it.
 */
const BACKGROUND_PERCENTILE = 0.1;
const BACKGROUND_EVERY_FRAMES = 50;
/** Speech this far under the other channel's level is crosstalk. */
export const CROSSTALK_DB = 18;
// The noise floor is the quietest frame of the last few seconds (minimum statistics).
const FLOOR_WINDOW_SUBWINDOWS = 10;
const FLOOR_SUBWINDOW_FRAMES = 25;
// Tones.
const SINGLE_TONE_RESIDUAL = 0.03;
/** Above this order-2 prediction residual a block holds no tone worth filtering for. */
const TONAL_RESIDUAL = 0.1;
const RING_SHARE = 0.7;
const RING_PARTIAL_SHARE = 0.2;
const TONE_MIN_DBFS = -50;
const BEEP_MIN_SECONDS = 0.1;
const BEEP_MAX_SECONDS = 1.5;
const RING_MIN_SECONDS = 0.3;
/** Bursts of one ring closer than this (the UK double ring) count as one ring. */
const RING_JOIN_SECONDS = 0.7;
const SAME_TONE_RATIO = 0.04;
/** Pitch is sampled: densely until a voice is well described, then sparsely, so long calls stay cheap. */
const PITCH_DENSE_ESTIMATES = 200;
const PITCH_EVERY_BLOCKS_DENSE = 2;
const PITCH_EVERY_BLOCKS_SPARSE = 64;
const CLIP_LEVEL = 32_700;
const CLIP_SQUARE = CLIP_LEVEL * CLIP_LEVEL;
const SEMITONE_REFERENCE_HZ = 55;

type BlockTone = { ring: RingType } | { frequency: number } | undefined;

/**
 * Measures one channel of a call, block by block, in constant memory but for
 * the list of speech runs and tones. For each block the caller calls
 * measure() on every channel, then decide() with the other channel's levels.
 */
export class ChannelMeter {
  readonly blockSize: number;
  private readonly frameSize: number;
  private blocks = 0;
  private tonal = false;
  /** Sample ranges [from, to), in pairs, where the block's keypad-tone windows held a key. */
  private keyed: number[] = [];
  private readonly levels = new Float64Array(FRAMES_PER_BLOCK);
  /** What each frame of the last block decided held: see FrameSound. */
  readonly heard = new Uint8Array(FRAMES_PER_BLOCK);
  private readonly allLevels = new Histogram(-120, 0, 0.5);
  private background = Infinity;
  private readonly powers = new Float64Array(FRAMES_PER_BLOCK);
  private readonly shares = new Float64Array(RING_TONES_HZ.length);
  private readonly coefficients: Float64Array;
  private readonly pitch: PitchEstimator;
  private readonly dtmf: DtmfDetector;
  private readonly report: ChannelReport;

  private floorMinima: number[] = [];
  private subwindowMin = Infinity;
  private subwindowFrames = 0;
  private inSpeech = false;
  private speechPower = 0;
  private speechFrames = 0;
  private noisePower = 0;
  private noiseFrames = 0;
  private speechBlocks = 0;
  private tone?: { kind: 'ring' | 'beep'; ring?: RingType; st: number; et: number; frequencySum: number; blocks: number };

  constructor(private readonly sampleRate: number) {
    this.frameSize = Math.round(sampleRate * FRAME_SECONDS);
    this.blockSize = this.frameSize * FRAMES_PER_BLOCK;
    // The filters run on every other sample: ring tones lie far below the halved rate's limit.
    this.coefficients = Float64Array.from(RING_TONES_HZ, (hz) => 2 * Math.cos((2 * Math.PI * hz * GOERTZEL_STEP) / sampleRate));
    this.pitch = new PitchEstimator(sampleRate, this.blockSize);
    this.dtmf = new DtmfDetector(sampleRate);
    this.report = {
      beeps: [],
      rings: [],
      dtmf: [],
      loudness: new Histogram(-100, 0, 0.25),
      pitchSemitones: new Histogram(0, 48, 0.05),
      clippedSamples: 0,
      samples: 0,
    };
  }

  finish(): ChannelReport {
    this.closeTone();
    this.report.dtmf = this.dtmf.finish();
    if (this.speechFrames > 0 && this.noiseFrames > 0 && this.noisePower > 0) {
      this.report.snrDb = 10 * Math.log10(this.speechPower / this.speechFrames / (this.noisePower / this.noiseFrames));
    }
    return this.report;
  }

  /**
   * Levels, clipping and tones of one block: `blockSize` samples of `x` from
   * `base`, every `stride`-th (this channel of interleaved PCM, read in
   * place). Returns the block's frame levels in dBFS.
   */
  measure(x: Int16Array, base: number, stride: number): Float64Array {
    const n = this.blockSize;
    const frameSize = this.frameSize;
    let r0 = 0;
    let clipped = 0;
    for (let f = 0, i = base; f < FRAMES_PER_BLOCK; f++) {
      let energy = 0;
      for (const end = i + frameSize * stride; i < end; i += stride) {
        const v = x[i];
        const square = v * v;
        energy += square;
        if (square >= CLIP_SQUARE) clipped++;
      }
      r0 += energy;
      this.powers[f] = energy / frameSize;
      this.levels[f] = 10 * Math.log10(this.powers[f] / (32768 * 32768) + 1e-12);
    }
    this.report.clippedSamples += clipped;
    this.report.samples += n;
    // Keypad tones are filtered for only where the block is loud enough to hold one.
    if (r0 / n / (32768 * 32768) < 10 ** (DTMF_QUIET_DBFS / 10)) this.dtmf.skip(n);
    else this.dtmf.push(x, base, stride, n);
    this.keyed = this.dtmf.keyedWindows();
    const tone = this.blockTone(x, base, stride, r0);
    this.tonal = tone !== undefined;
    const blockStart = (this.blocks * n) / this.sampleRate;
    this.trackTone(tone, blockStart, blockStart + n / this.sampleRate);
    return this.levels;
  }

  /**
   * Speech or not, frame by frame. `otherLevels` are the other channel's frame
   * levels: a frame far quieter than the other channel's is that channel's
   * voice leaking across (codec crosstalk, echo), not speech of this one.
   */
  decide(x: Int16Array, base: number, stride: number, otherLevels?: Float64Array): void {
    let speechInBlock = false;
    for (let f = 0; f < FRAMES_PER_BLOCK; f++) {
      const level = this.levels[f];
      const power = this.powers[f];
      const floor = this.updateFloor(level);
      const margin = this.inSpeech ? STAY_SPEECH_DB : ENTER_SPEECH_DB;
      const leaked = otherLevels !== undefined && otherLevels[f] - level > CROSSTALK_DB;
      const keyed = this.keyedFrame(f);
      const tonal = this.tonal || keyed;
      const speech = !tonal && !leaked && level > floor + margin && level > QUIETEST_SPEECH_DBFS;
      const background = this.trackBackground(level);
      // A keypad tone is reported as such: neither speech nor other sound, so the model is not asked about it.
      const sound = !keyed && level > Math.min(floor, background) + SOUND_DB && level > QUIETEST_SPEECH_DBFS;
      this.heard[f] = leaked ? FrameSound.Leaked : sound ? FrameSound.Sound : FrameSound.Quiet;
      if (speech) {
        speechInBlock = true;
        this.report.loudness.add(level);
        this.speechPower += power;
        this.speechFrames++;
      } else if (!tonal && !leaked) {
        this.noisePower += power;
        this.noiseFrames++;
      }
      this.inSpeech = speech;
    }
    const every = this.report.pitchSemitones.count < PITCH_DENSE_ESTIMATES ? PITCH_EVERY_BLOCKS_DENSE : PITCH_EVERY_BLOCKS_SPARSE;
    if (speechInBlock && this.speechBlocks++ % every === 0) {
      const hz = this.pitch.estimate(x, base, stride);
      if (hz) this.report.pitchSemitones.add(12 * Math.log2(hz / SEMITONE_REFERENCE_HZ));
    }
    this.blocks++;
  }

  /** Whether a keypad-tone window that held a key overlaps frame `f` of the current block. */
  private keyedFrame(f: number): boolean {
    const from = this.blocks * this.blockSize + f * this.frameSize;
    const to = from + this.frameSize;
    for (let i = 0; i < this.keyed.length; i += 2) if (this.keyed[i] < to && this.keyed[i + 1] > from) return true;
    return false;
  }

  /** The call's background level so far (dBFS), refreshed every second. */
  private trackBackground(level: number): number {
    this.allLevels.add(level);
    if (this.allLevels.count % BACKGROUND_EVERY_FRAMES === 0) this.background = this.allLevels.percentile(BACKGROUND_PERCENTILE) ?? Infinity;
    return this.background;
  }

  /** The noise floor after this frame: the quietest frame of the last few seconds. */
  private updateFloor(level: number): number {
    if (level < this.subwindowMin) this.subwindowMin = level;
    if (++this.subwindowFrames === FLOOR_SUBWINDOW_FRAMES) {
      this.floorMinima.push(this.subwindowMin);
      if (this.floorMinima.length > FLOOR_WINDOW_SUBWINDOWS) this.floorMinima.shift();
      this.subwindowMin = Infinity;
      this.subwindowFrames = 0;
    }
    let floor = this.subwindowMin;
    for (const m of this.floorMinima) if (m < floor) floor = m;
    return floor;
  }

  /** A ring tone (by Goertzel filters at the ring frequencies) or a single steady tone (order-2 prediction). */
  private blockTone(x: Int16Array, base: number, stride: number, r0: number): BlockTone {
    const n = this.blockSize;
    // Quiet blocks (most of a call's pauses) hold no tone worth reporting: stop before any more arithmetic.
    if (r0 <= 0 || 10 * Math.log10(r0 / n / (32768 * 32768)) < TONE_MIN_DBFS) return undefined;
    let r1 = 0;
    let r2 = 0;
    for (let i = base + 2 * stride, end = base + n * stride; i < end; i += stride) {
      const v = x[i];
      r1 += v * x[i - stride];
      r2 += v * x[i - 2 * stride];
    }
    const rho1 = r1 / r0;
    const rho2 = r2 / r0;
    const a2 = (rho2 - rho1 * rho1) / (1 - rho1 * rho1);
    const residual = (1 - rho1 * rho1) * (1 - a2 * a2);
    // Ring tones, single or two close ones, are all but predictable from two samples back; speech is not,
    // so the filter bank runs only on blocks that could hold a tone.
    if (residual > TONAL_RESIDUAL) return undefined;
    const shares = this.ringShares(x, base, stride, r0);
    const s400 = shares[0], s425 = shares[1], s440 = shares[2], s450 = shares[3], s480 = shares[4];
    if (s425 > RING_SHARE && s400 < s425 && s450 < s425) return { ring: 'eu' };
    if (s440 + s480 > RING_SHARE && s480 > RING_PARTIAL_SHARE && s440 > RING_PARTIAL_SHARE) return { ring: 'us' };
    if (s400 + s450 > RING_SHARE && s400 > RING_PARTIAL_SHARE && s450 > RING_PARTIAL_SHARE) return { ring: 'uk' };
    if (residual < SINGLE_TONE_RESIDUAL && a2 < -0.9) {
      return { frequency: (Math.acos(Math.max(-1, Math.min(1, rho1))) * this.sampleRate) / (2 * Math.PI) };
    }
    return undefined;
  }

  /** The share of the block's energy at each ring frequency (1 for a pure tone at it). */
  private ringShares(x: Int16Array, base: number, stride: number, r0: number): Float64Array {
    const c = this.coefficients;
    const n = this.blockSize;
    const step = GOERTZEL_STEP * stride;
    const c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4];
    let a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0, a4 = 0, b4 = 0;
    for (let i = base, end = base + n * stride; i < end; i += step) {
      const v = x[i];
      let s = v + c0 * a0 - b0; b0 = a0; a0 = s;
      s = v + c1 * a1 - b1; b1 = a1; a1 = s;
      s = v + c2 * a2 - b2; b2 = a2; a2 = s;
      s = v + c3 * a3 - b3; b3 = a3; a3 = s;
      s = v + c4 * a4 - b4; b4 = a4; a4 = s;
    }
    // r0 is the energy of every sample; the filters saw one in GOERTZEL_STEP.
    const scale = (2 * GOERTZEL_STEP * GOERTZEL_STEP) / (n * r0);
    const shares = this.shares;
    shares[0] = (a0 * a0 + b0 * b0 - c0 * a0 * b0) * scale;
    shares[1] = (a1 * a1 + b1 * b1 - c1 * a1 * b1) * scale;
    shares[2] = (a2 * a2 + b2 * b2 - c2 * a2 * b2) * scale;
    shares[3] = (a3 * a3 + b3 * b3 - c3 * a3 * b3) * scale;
    shares[4] = (a4 * a4 + b4 * b4 - c4 * a4 * b4) * scale;
    return shares;
  }

  private trackTone(tone: BlockTone, st: number, et: number): void {
    const run = this.tone;
    if (run && tone) {
      const sameRing = 'ring' in tone && run.kind === 'ring' && run.ring === tone.ring;
      const sameBeep =
        'frequency' in tone && run.kind === 'beep' && Math.abs(tone.frequency - run.frequencySum / run.blocks) < SAME_TONE_RATIO * tone.frequency;
      if (sameRing || sameBeep) {
        run.et = et;
        run.blocks++;
        if ('frequency' in tone) run.frequencySum += tone.frequency;
        return;
      }
    }
    if (run) this.closeTone();
    if (tone) {
      this.tone = 'ring' in tone
        ? { kind: 'ring', ring: tone.ring, st, et, frequencySum: 0, blocks: 1 }
        : { kind: 'beep', st, et, frequencySum: tone.frequency, blocks: 1 };
    }
  }

  private closeTone(): void {
    const run = this.tone;
    this.tone = undefined;
    if (!run) return;
    const seconds = run.et - run.st;
    if (run.kind === 'ring') {
      if (seconds < RING_MIN_SECONDS) return;
      const last = this.report.rings[this.report.rings.length - 1];
      if (last && last.ring === run.ring && run.st - last.et < RING_JOIN_SECONDS) last.et = run.et;
      else this.report.rings.push({ st: run.st, et: run.et, ring: run.ring });
    } else if (seconds >= BEEP_MIN_SECONDS - 1e-9 && seconds <= BEEP_MAX_SECONDS) {
      this.report.beeps.push({ st: run.st, et: run.et, frequency: run.frequencySum / run.blocks });
    }
  }
}
