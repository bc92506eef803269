/**
 * Fundamental frequency of one voiced stretch by the average magnitude
 * difference function, on the signal halved in rate (pairs averaged): cheap
 * enough to sample a long call's voiced frames.
 */
const MIN_HZ = 60;
const MAX_HZ = 400;
/** A clear dip of the difference function marks a periodic (voiced) frame. */
const VOICED_DIP = 0.45;
/** How much shallower (as a share of the mean difference) a dip at a shorter period may be and still win. */
const SUBHARMONIC_MARGIN = 0.25;

export class PitchEstimator {
  private readonly rate: number;
  private readonly minLag: number;
  private readonly maxLag: number;
  private readonly half: Float32Array;
  private readonly difference: Float32Array;

  /** `windowSamples` at `sampleRate`; the estimate compares the window with itself shifted. */
  constructor(sampleRate: number, windowSamples: number) {
    this.rate = sampleRate / 2;
    this.minLag = Math.floor(this.rate / MAX_HZ);
    this.maxLag = Math.ceil(this.rate / MIN_HZ);
    this.half = new Float32Array(windowSamples >> 1);
    this.difference = new Float32Array(this.maxLag + 2);
  }

  /** Hz, or undefined when the window (every `stride`-th sample from `base`) is not clearly periodic. */
  estimate(x: Int16Array, base = 0, stride = 1): number | undefined {
    const half = this.half;
    const n = half.length;
    for (let i = 0, j = base; i < n; i++, j += 2 * stride) half[i] = (x[j] + x[j + stride]) * 0.5;
    // Two periods of the lowest voice are enough to compare; more costs without telling more.
    const compare = Math.min(n - this.maxLag - 1, 2 * this.maxLag);
    if (compare < 16) return undefined;
    let best = -1;
    let bestValue = Infinity;
    let total = 0;
    for (let lag = this.minLag; lag <= this.maxLag + 1; lag++) {
      let d = 0;
      for (let i = 0; i < compare; i++) {
        const v = half[i] - half[i + lag];
        d += v < 0 ? -v : v;
      }
      this.difference[lag] = d;
      total += d;
      if (lag <= this.maxLag && d < bestValue) {
        bestValue = d;
        best = lag;
      }
    }
    const mean = total / (this.maxLag + 2 - this.minLag);
    if (best < 0 || mean === 0 || bestValue / mean > VOICED_DIP) return undefined;
    // The dip at a period repeats at its multiples: prefer the shortest period that dips nearly as deep.
    for (let divisor = 4; divisor >= 2; divisor--) {
      const centre = Math.round(best / divisor);
      if (centre - 1 < this.minLag) continue;
      const shorter = this.difference[centre - 1] < this.difference[centre] ? centre - 1 : this.difference[centre + 1] < this.difference[centre] ? centre + 1 : centre;
      if (this.difference[shorter] <= bestValue + SUBHARMONIC_MARGIN * mean) {
        best = shorter;
        bestValue = this.difference[shorter];
        break;
      }
    }
    const left = best > this.minLag ? this.difference[best - 1] : undefined;
    const lag = best + parabolicOffset(left, bestValue, this.difference[best + 1]);
    return this.rate / lag;
  }
}

function parabolicOffset(left: number | undefined, centre: number, right: number | undefined): number {
  if (left === undefined || right === undefined) return 0;
  const denominator = left - 2 * centre + right;
  return denominator > 0 ? (0.5 * (left - right)) / denominator : 0;
}
