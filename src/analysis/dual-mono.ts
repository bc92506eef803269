/**
 * Tells a "stereo" recording whose two channels carry one signal (mono
 * copied to both, as some recorders write) from a two-party call. Fed every
 * block of interleaved stereo PCM; decides once over the whole call.
 *
 * Two tests, both over the call's sums:
 * - the channels' Pearson correlation is at least {@link DUAL_MONO_MIN_CORRELATION}:
 *   one signal through two codec paths (μ-law, MP3 joint stereo) stays
 *   above 0.99, while two parties each dominating their own channel stay far
 *   below, even with crosstalk;
 * - their energies are within {@link DUAL_MONO_MAX_LEVEL_DB}: a channel that
 *   only carries the other's crosstalk (a party silent for the whole call) is
 *   correlated too, but leaks at least 18 dB down (CROSSTALK_DB).
 */
export const DUAL_MONO_MIN_CORRELATION = 0.98;
/** dB: a gain difference between copies, well under the 18 dB of crosstalk. */
export const DUAL_MONO_MAX_LEVEL_DB = 6;

export class DualMonoDetector {
  private left = 0;
  private right = 0;
  private cross = 0;

  /** Adds `frames` stereo frames of `samples`, interleaved, starting at value index `at`. */
  add(samples: Int16Array, at: number, frames: number): void {
    let left = 0;
    let right = 0;
    let cross = 0;
    for (let i = at, end = at + 2 * frames; i < end; i += 2) {
      const l = samples[i];
      const r = samples[i + 1];
      left += l * l;
      right += r * r;
      cross += l * r;
    }
    this.left += left;
    this.right += right;
    this.cross += cross;
  }

  /** True when both channels carry the same signal; false for silence (nothing to tell). */
  get dualMono(): boolean {
    if (this.left === 0 || this.right === 0) return false;
    const correlation = this.cross / Math.sqrt(this.left * this.right);
    const levelDb = Math.abs(10 * Math.log10(this.left / this.right));
    return correlation >= DUAL_MONO_MIN_CORRELATION && levelDb <= DUAL_MONO_MAX_LEVEL_DB;
  }
}
