import { parentPort } from 'node:worker_threads';
import { AnalyserOptions, CallAnalyser } from '../analysis/call-analyser';
import { decodePcm, DecodeOptions } from '../analysis/pcm-decoder';
import { ANALYSIS_VERSION } from '../analysis/version';
import { describeCauses, DomainError, DomainErrorCode } from '../common/domain-error';
import { speechModel } from '../analysis/speech-model';

/**
 * Runs off the worker's event loop, so Bull keeps renewing the job's lock
 * however long the analysis of a call takes. One call at a time: each
 * message is a call, answered with progress and then its outcome.
 */
export type ThreadInput = CallInput | { type: 'stop' };

export interface CallInput {
  type?: 'call';
  decode: DecodeOptions;
  analyser: Omit<AnalyserOptions, 'speechModel'>;
  /** The speech model's file: loaded by the thread's first call and kept for the next. */
  speechModelFile: string;
}

export type ThreadMessage =
  | { type: 'progress'; seconds: number }
  /** The decoder reached the end of the audio; the analysis finishes the call next. */
  | { type: 'decoded'; seconds: number }
  | { type: 'done'; result: Awaited<ReturnType<CallAnalyser['finish']>>; analysisVersion: number; seconds: number }
  /** `message` is fit for the client; `detail` (library text) only for the log. */
  | { type: 'failed'; code: DomainErrorCode | 'crashed'; message: string; detail?: string }
  /** The answer to a stop: the thread has left its call (or had none) and may be ended. */
  | { type: 'stopped' };

const PROGRESS_EVERY_MS = 50;

/** Set by a stop: the call being analysed is left between two chunks. */
let stopping = false;
let running = false;

class Stopped extends Error {}

async function run(input: CallInput): Promise<ThreadMessage> {
  let reported = Date.now();
  try {
    const analyser = new CallAnalyser({ ...input.analyser, speechModel: await speechModel(input.speechModelFile) });
    for await (const chunk of decodePcm(input.decode)) {
      await analyser.push(chunk);
      if (stopping) throw new Stopped();
      if (Date.now() - reported >= PROGRESS_EVERY_MS) {
        reported = Date.now();
        parentPort!.postMessage({ type: 'progress', seconds: analyser.seconds } satisfies ThreadMessage);
      }
    }
    parentPort!.postMessage({ type: 'decoded', seconds: analyser.seconds } satisfies ThreadMessage);
    return { type: 'done', result: await analyser.finish(), analysisVersion: ANALYSIS_VERSION, seconds: analyser.seconds };
  } catch (error) {
    if (error instanceof DomainError) return { type: 'failed', code: error.code, message: error.message, detail: error.cause ? describeCauses(error.cause) : undefined };
    return { type: 'failed', code: 'crashed', message: (error as Error).message };
  }
}

// A stop is answered once the call is left, never in the middle of a run of the speech model:
// ending a thread while ONNX Runtime works in it can abort the whole process.
parentPort!.on('message', (input: ThreadInput) => {
  if (input.type === 'stop') {
    if (running) stopping = true;
    else parentPort!.postMessage({ type: 'stopped' } satisfies ThreadMessage);
    return;
  }
  running = true;
  stopping = false;
  void run(input).then((message) => {
    running = false;
    parentPort!.postMessage(stopping ? ({ type: 'stopped' } satisfies ThreadMessage) : message);
  });
});
