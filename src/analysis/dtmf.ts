/**
 * Keypad tones (DTMF) of one channel, by Goertzel filters at the eight
 * frequencies of ITU-T Q.23 and the acceptance rules of ITU-T Q.24.
 *
 * The channel is cut into half-windows of 7.5 ms; every pair of neighbouring
 * halves is a 15 ms analysis window, so windows overlap by half and a tone's
 * edges are placed to 7.5 ms. A window holds a key when one row and one
 * column frequency carry almost all its energy, at levels within the twist
 * limits, each well above its neighbours. A key is accepted when its windows
 * last the Q.24 minimum, and its frequencies, measured from the phase turn
 * between the two halves of every window, lie within the Q.24 tolerance.
 */

/** ITU-T Q.23: the low (row) and high (column) group frequencies, Hz. */
export const DTMF_ROWS_HZ = [697, 770, 852, 941] as const;
export const DTMF_COLUMNS_HZ = [1209, 1336, 1477, 1633] as const;
/** ITU-T Q.23: the key at each row and column of the push-button set. */
const KEYS = ['123A', '456B', '789C', '*0#D'];

/** ITU-T Q.24: tones within 1.5 % of nominal must be accepted, tones 3.5 % off refused; the limit lies between. */
const FREQUENCY_TOLERANCE = 0.025;
/** ITU-T Q.24 (the limits of the North American receivers it lists): the low-group tone may be up to 8 dB stronger ("normal twist"), the high-group tone up to 4 dB ("reverse twist"). */
const NORMAL_TWIST_DB = 8;
const REVERSE_TWIST_DB = 4;
/**
 * ITU-T Q.24: a signal of 40 ms must be accepted and one of 23 ms or less
 * refused; an interruption of 10 ms or less within a tone is bridged, and a
 * pause of 40 ms separates two keys. A window passes while a tone fills most
 * of it, so a tone of d seconds passes about d / 7.5 ms - 1 windows: four
 * (30 ms) take every 40 ms tone at any alignment and no 23 ms one, and three
 * missed windows bridge 10 ms while a 40 ms pause misses five or more.
 */
const MIN_TONE_SECONDS = 0.03;
const MAX_BRIDGED_SECONDS = 0.0225;
/** The half-window (s): two halves make the 15 ms analysis window, 1/66.7 Hz, which keeps neighbouring rows (73 Hz apart) apart. */
const HALF_SECONDS = 0.0075;
/**
 * Signal-to-other energy (ours): the two tones carry at least this share of
 * the window's energy. A tone pair alone gives about 1; speech and music
 * spread theirs over many frequencies.
 */
const MIN_PAIR_SHARE = 0.7;
/** Ours: the second-strongest frequency of each group is at least this far under the strongest. */
const RELATIVE_PEAK_DB = 10;
/**
 * Ours: the weaker tone's level, dBFS (a full-scale sine is -3 dBFS); low,
 * because recordings are often quieter than the line.
 */
const MIN_TONE_DBFS = -45;
/** A stretch whose mean level is this low holds no keypad tone; the filters skip it. */
export const DTMF_QUIET_DBFS = MIN_TONE_DBFS - 6;

const FULL_SCALE_POWER = 32768 * 32768;
const FREQUENCIES = [...DTMF_ROWS_HZ, ...DTMF_COLUMNS_HZ];

/** A keypad tone: start and end in seconds, the key (`0`-`9`, `*`, `#`, `A`-`D`), and the mean power of its two tones in dBFS. */
export interface DtmfTone {
  st: number;
  et: number;
  digit: string;
  levelDbfs: number;
}

interface Run {
  digit: string;
  row: number;
  column: number;
  /** Index of the first and the last window that held the key. */
  first: number;
  last: number;
  windows: number;
  misses: number;
  /** Sum over its windows of the two tones' power. */
  power: number;
  /** Sums of the phase-turn products of the row and the column tone (re, im), for their frequencies. */
  rowTurn: [number, number];
  columnTurn: [number, number];
}

export class DtmfDetector {
  private readonly half: number;
  private readonly coefficients: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;
  /** e^{-iωH}: turns the second half's filter output back to the window's start. */
  private readonly turnRe: Float64Array;
  private readonly turnIm: Float64Array;
  private readonly minWindows: number;
  private readonly maxMisses: number;
  // Goertzel state of the half being filled.
  private readonly s1 = new Float64Array(8);
  private readonly s2 = new Float64Array(8);
  private filled = 0;
  private energy = 0;
  // The last completed half: its filter outputs and energy, or none when it was skipped.
  private readonly previousRe = new Float64Array(8);
  private readonly previousIm = new Float64Array(8);
  private previousEnergy = -1;
  private readonly currentRe = new Float64Array(8);
  private readonly currentIm = new Float64Array(8);
  private readonly power = new Float64Array(8);
  private readonly zeros: Int16Array;
  /** Index of the next half to complete; window i spans halves i and i+1. */
  private halves = 0;
  private run?: Run;
  private readonly tones: DtmfTone[] = [];
  /** Sample ranges [from, to), in pairs, of the windows that held a key since keyedWindows() was last called. */
  private keyed: number[] = [];

  constructor(private readonly sampleRate: number) {
    this.half = Math.round(sampleRate * HALF_SECONDS);
    this.zeros = new Int16Array(this.half);
    const omega = FREQUENCIES.map((hz) => (2 * Math.PI * hz) / sampleRate);
    this.coefficients = Float64Array.from(omega, (w) => 2 * Math.cos(w));
    this.cos = Float64Array.from(omega, Math.cos);
    this.sin = Float64Array.from(omega, Math.sin);
    this.turnRe = Float64Array.from(omega, (w) => Math.cos(w * this.half));
    this.turnIm = Float64Array.from(omega, (w) => -Math.sin(w * this.half));
    const halfSeconds = this.half / sampleRate;
    // A window passes when the tone fills most of it: a tone of d seconds passes about d / half - 1 windows.
    this.minWindows = Math.round(MIN_TONE_SECONDS / halfSeconds);
    this.maxMisses = Math.round(MAX_BRIDGED_SECONDS / halfSeconds);
  }

  /** Filters `count` samples of `x` from `base`, every `stride`-th (one channel of interleaved PCM, read in place). */
  push(x: Int16Array, base: number, stride: number, count: number): void {
    const c = this.coefficients;
    const s1 = this.s1;
    const s2 = this.s2;
    const c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7];
    let i = base;
    const end = base + count * stride;
    while (i < end) {
      const take = Math.min(this.half - this.filled, (end - i) / stride);
      let a0 = s1[0], b0 = s2[0], a1 = s1[1], b1 = s2[1], a2 = s1[2], b2 = s2[2], a3 = s1[3], b3 = s2[3];
      let a4 = s1[4], b4 = s2[4], a5 = s1[5], b5 = s2[5], a6 = s1[6], b6 = s2[6], a7 = s1[7], b7 = s2[7];
      let energy = 0;
      for (const stop = i + take * stride; i < stop; i += stride) {
        const v = x[i];
        energy += v * v;
        let s = v + c0 * a0 - b0; b0 = a0; a0 = s;
        s = v + c1 * a1 - b1; b1 = a1; a1 = s;
        s = v + c2 * a2 - b2; b2 = a2; a2 = s;
        s = v + c3 * a3 - b3; b3 = a3; a3 = s;
        s = v + c4 * a4 - b4; b4 = a4; a4 = s;
        s = v + c5 * a5 - b5; b5 = a5; a5 = s;
        s = v + c6 * a6 - b6; b6 = a6; a6 = s;
        s = v + c7 * a7 - b7; b7 = a7; a7 = s;
      }
      s1[0] = a0; s2[0] = b0; s1[1] = a1; s2[1] = b1; s1[2] = a2; s2[2] = b2; s1[3] = a3; s2[3] = b3;
      s1[4] = a4; s2[4] = b4; s1[5] = a5; s2[5] = b5; s1[6] = a6; s2[6] = b6; s1[7] = a7; s2[7] = b7;
      this.energy += energy;
      this.filled += take;
      if (this.filled === this.half) this.completeHalf();
    }
  }

  /** `count` samples known to hold no keypad tone (a quiet stretch): they end any tone, and whole halves of them are not filtered. */
  skip(count: number): void {
    let left = count;
    // The ends of the stretch share halves with sound: they are filtered as zeros, which keeps each half's phase reference.
    if (this.filled > 0) {
      const take = Math.min(this.half - this.filled, left);
      this.push(this.zeros, 0, 1, take);
      left -= take;
    }
    const whole = Math.floor(left / this.half);
    if (whole > 0) {
      this.previousEnergy = -1;
      for (let k = 0; k < whole; k++) this.judge(this.halves - 1 + k, undefined);
      this.halves += whole;
      left -= whole * this.half;
    }
    if (left > 0) this.push(this.zeros, 0, 1, left);
  }

  /**
   * Where a key pair sounded since the last call, as sample ranges [from, to)
   * in pairs: the windows that held one, before their tone is accepted or
   * refused as a key. Sound there is a tone, not speech.
   */
  keyedWindows(): number[] {
    const keyed = this.keyed;
    this.keyed = [];
    return keyed;
  }

  /** The keys heard, in time order. */
  finish(): DtmfTone[] {
    this.close();
    return this.tones;
  }

  /** Reads the filters at the end of a half, judges the window it closes, and restarts them. */
  private completeHalf(): void {
    for (let k = 0; k < 8; k++) {
      // Goertzel's output y = s1 - e^{-iω} s2: the DFT at ω up to a phase that is the same for every half.
      this.currentRe[k] = this.s1[k] - this.cos[k] * this.s2[k];
      this.currentIm[k] = this.sin[k] * this.s2[k];
    }
    const energy = this.energy;
    if (this.previousEnergy >= 0) this.judge(this.halves - 1, this.windowKey(energy));
    else if (this.halves > 0) this.judge(this.halves - 1, undefined);
    this.previousRe.set(this.currentRe);
    this.previousIm.set(this.currentIm);
    this.previousEnergy = energy;
    this.s1.fill(0);
    this.s2.fill(0);
    this.energy = 0;
    this.filled = 0;
    this.halves++;
  }

  /** The key the window of the previous and the current half holds, by Q.24's level, twist and energy rules, or undefined. */
  private windowKey(currentEnergy: number): { row: number; column: number; power: number } | undefined {
    const energy = this.previousEnergy + currentEnergy;
    const n = 2 * this.half;
    if (energy <= 0 || energy / n / FULL_SCALE_POWER < 10 ** (DTMF_QUIET_DBFS / 10)) return undefined;
    const power = this.power;
    for (let k = 0; k < 8; k++) {
      const re = this.previousRe[k] + this.turnRe[k] * this.currentRe[k] - this.turnIm[k] * this.currentIm[k];
      const im = this.previousIm[k] + this.turnRe[k] * this.currentIm[k] + this.turnIm[k] * this.currentRe[k];
      // The power of a sine at ω is 2|X|²/n² (|X| = A n / 2).
      power[k] = (2 * (re * re + im * im)) / (n * n);
    }
    const row = strongest(power, 0);
    const column = strongest(power, 4);
    const rowPower = power[row];
    const columnPower = power[column];
    const weaker = Math.min(rowPower, columnPower);
    if (weaker <= 0 || 10 * Math.log10(weaker / FULL_SCALE_POWER) < MIN_TONE_DBFS) return undefined;
    const twist = 10 * Math.log10(rowPower / columnPower);
    if (twist > NORMAL_TWIST_DB || twist < -REVERSE_TWIST_DB) return undefined;
    const peak = 10 ** (-RELATIVE_PEAK_DB / 10);
    for (let k = 0; k < 8; k++) {
      if (k !== row && k !== column && power[k] > peak * (k < 4 ? rowPower : columnPower)) return undefined;
    }
    // A sine of power p over n samples has energy p n.
    if ((rowPower + columnPower) * n < MIN_PAIR_SHARE * energy) return undefined;
    return { row, column, power: rowPower + columnPower };
  }

  /** Window `index` held `key` (or nothing): extend, bridge or end the current tone. */
  private judge(index: number, key: { row: number; column: number; power: number } | undefined): void {
    const run = this.run;
    const digit = key ? KEYS[key.row][key.column - 4] : undefined;
    if (key) this.keyed.push(index * this.half, (index + 2) * this.half);
    if (run && digit === run.digit) {
      run.last = index;
      run.windows++;
      run.misses = 0;
      run.power += key!.power;
      this.addTurn(run);
      return;
    }
    if (run) {
      // Another key ends the tone at once; a short drop-out is bridged.
      if (digit !== undefined || ++run.misses > this.maxMisses) this.close();
    }
    if (key && digit !== undefined && !this.run) {
      this.run = { digit, row: key.row, column: key.column, first: index, last: index, windows: 1, misses: 0, power: key.power, rowTurn: [0, 0], columnTurn: [0, 0] };
      this.addTurn(this.run);
    }
  }

  /** The phase turn of the row and column tone from the first half of the window to the second (same-phase products summed). */
  private addTurn(run: Run): void {
    for (const [k, sum] of [[run.row, run.rowTurn], [run.column, run.columnTurn]] as const) {
      // y₂·conj(y₁) turns by ωH for a tone at ω.
      sum[0] += this.currentRe[k] * this.previousRe[k] + this.currentIm[k] * this.previousIm[k];
      sum[1] += this.currentIm[k] * this.previousRe[k] - this.currentRe[k] * this.previousIm[k];
    }
  }

  private close(): void {
    const run = this.run;
    this.run = undefined;
    if (!run || run.windows < this.minWindows) return;
    if (!this.withinTolerance(run.row, run.rowTurn) || !this.withinTolerance(run.column, run.columnTurn)) return;
    // Window i spans halves i and i+1; a tone fills a passing window mostly, so its edges lie about half a half inside.
    const h = this.half / this.sampleRate;
    const levelDbfs = 10 * Math.log10(run.power / run.windows / FULL_SCALE_POWER);
    this.tones.push({ st: (run.first + 0.5) * h, et: (run.last + 1.5) * h, digit: run.digit, levelDbfs });
  }

  /** The tone's frequency from its mean phase turn per half, against Q.24's tolerance. */
  private withinTolerance(k: number, [re, im]: [number, number]): boolean {
    const nominal = FREQUENCIES[k];
    const turn = Math.atan2(im, re);
    const expected = (2 * Math.PI * nominal * this.half) / this.sampleRate;
    let offset = turn - expected;
    offset -= 2 * Math.PI * Math.round(offset / (2 * Math.PI));
    const hz = (offset * this.sampleRate) / (2 * Math.PI * this.half);
    return Math.abs(hz) <= FREQUENCY_TOLERANCE * nominal;
  }
}

function strongest(power: Float64Array, from: number): number {
  let best = from;
  for (let k = from + 1; k < from + 4; k++) if (power[k] > power[best]) best = k;
  return best;
}
