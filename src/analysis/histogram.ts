/** Fixed bins over a range: percentiles of a long call in constant memory. */
export class Histogram {
  private readonly counts: Uint32Array;
  private total = 0;
  private sum = 0;

  constructor(
    private readonly min: number,
    private readonly max: number,
    private readonly binWidth: number,
  ) {
    this.counts = new Uint32Array(Math.ceil((max - min) / binWidth) + 1);
  }

  add(value: number): void {
    const clamped = value < this.min ? this.min : value > this.max ? this.max : value;
    this.counts[Math.floor((clamped - this.min) / this.binWidth)]++;
    this.total++;
    this.sum += value;
  }

  get count(): number {
    return this.total;
  }

  mean(): number | undefined {
    return this.total ? this.sum / this.total : undefined;
  }

  /** The value below which `fraction` of the samples lie, to within a bin. */
  percentile(fraction: number): number | undefined {
    if (!this.total) return undefined;
    const target = fraction * this.total;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i];
      if (seen >= target) return this.min + (i + 0.5) * this.binWidth;
    }
    return this.max;
  }
}
