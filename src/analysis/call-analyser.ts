/**
 * Consumes a call as interleaved 16-bit PCM, chunk by chunk, and measures it.
 * Plain TypeScript: no framework, no I/O, so it runs in a worker thread and
 * in tests alike.
 */
export interface AnalyserOptions {
  sampleRate: number;
  channels: 1 | 2;
  /** Which channel of a stereo call is the agent. */
  agentChannel: 0 | 1;
}

export interface CallAnalysis {
  basic: { totalduration: number };
}

export class CallAnalyser {
  private frames = 0;
  private carry: Buffer | null = null;
  private readonly frameBytes: number;

  constructor(private readonly options: AnalyserOptions) {
    this.frameBytes = 2 * options.channels;
  }

  /** Seconds of audio consumed so far. */
  get seconds(): number {
    return this.frames / this.options.sampleRate;
  }

  push(chunk: Buffer): void {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const whole = data.length - (data.length % this.frameBytes);
    this.frames += whole / this.frameBytes;
    this.carry = whole < data.length ? Buffer.from(data.subarray(whole)) : null;
  }

  finish(): CallAnalysis {
    return { basic: { totalduration: round(this.seconds, 3) } };
  }
}

export const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
