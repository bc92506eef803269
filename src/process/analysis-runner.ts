import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CallAnalysis } from '../analysis/call-analyser';
import { CallFault } from '../common/unavailable';
import { DomainError } from '../common/domain-error';
import { Environment } from '../config/environment';
import type { ThreadInput, ThreadMessage } from './analysis.thread';
import { ANALYSIS_SAMPLE_RATE, ANALYSIS_THREAD_LIMITS } from './analysis-thread.options';
import type { DownloadFailureReason } from './failure-reason';

/**
 * Milliseconds a stopped thread has to leave its call (it stops between two
 * chunks of audio) before it is ended anyway. Ending a thread while ONNX
 * Runtime runs the speech model in it can abort the whole process.
 */
const STOP_GRACE_MS = 10_000;

export interface AnalysisRequest {
  file: string;
  channels: 1 | 2;
  agentChannel: 0 | 1;
  /** Seconds the container counts, when its decoder drops the frames of pauses (DecodeOptions.padToSeconds). */
  padToSeconds?: number;
}

export interface AnalysisOutcome {
  seconds: number;
  result: CallAnalysis;
  /** The version of the analysis that ran (src/analysis/version.ts). */
  analysisVersion: number;
}

/** A failure to fetch the call's audio (a download, or the store), in words fit for the client, with its kind for the failures metric. */
abstract class DownloadFault extends CallFault {
  readonly reason: DownloadFailureReason;

  constructor(message: string, options: { reason: DownloadFailureReason; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.reason = options.reason;
  }
}

/** A failure of the call that retrying cannot mend: the process is aborted at once. */
export class PermanentFailure extends DownloadFault {}

/** A failure of the call worth retrying (its URL's server was busy or broke off). */
export class TransientFailure extends DownloadFault {}

/**
 * Decodes and analyses calls in worker threads. A thread that finished a
 * call waits for the next one (starting a thread costs more than analysing
 * a short call); one that crashed or was stopped mid-call is ended, a
 * stopped one once it has left the call.
 */
@Injectable()
export class AnalysisRunner implements OnApplicationShutdown {
  private readonly idle = new Set<Worker>();

  constructor(private readonly env: Environment) {}

  /** `stop` ends the analysis early; the promise then rejects. `onDecoded` hears when the whole call was decoded. */
  run(request: AnalysisRequest, onProgress: (seconds: number) => void, stop?: AbortSignal, onDecoded?: () => void): Promise<AnalysisOutcome> {
    const input: ThreadInput = {
      decode: {
        ffmpegPath: this.env.FFMPEG_PATH,
        file: request.file,
        sampleRate: ANALYSIS_SAMPLE_RATE,
        channels: request.channels,
        timeoutMs: this.env.DECODE_TIMEOUT_SECONDS * 1000,
        maxSeconds: this.env.MAX_CALL_SECONDS,
        padToSeconds: request.padToSeconds,
      },
      analyser: { sampleRate: ANALYSIS_SAMPLE_RATE, channels: request.channels, agentChannel: request.agentChannel, dtmfDigits: this.env.DTMF_DIGITS },
      speechModelFile: this.env.SPEECH_MODEL_PATH,
    };
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      const worker = this.takeThread();
      let settled = false;
      /** `reuse` keeps the thread for the next call, `end` ends it, `stop` ends it once it has left the call. */
      const settle = (then: 'reuse' | 'end' | 'stop', action: () => void) => {
        if (settled) return;
        settled = true;
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        stop?.removeEventListener('abort', onAbort);
        if (then === 'reuse' && this.idle.size < this.env.WORKER_CONCURRENCY) {
          worker.unref();
          this.idle.add(worker);
        } else if (then === 'stop') {
          const end = () => void worker.terminate();
          const grace = setTimeout(end, STOP_GRACE_MS).unref();
          worker.on('message', (message: ThreadMessage) => {
            if (message.type === 'stopped') {
              clearTimeout(grace);
              end();
            }
          });
          worker.on('error', () => undefined);
          worker.postMessage({ type: 'stop' } satisfies ThreadInput);
        } else {
          void worker.terminate();
        }
        action();
      };
      const onMessage = (message: ThreadMessage) => {
        if (message.type === 'progress') onProgress(message.seconds);
        else if (message.type === 'stopped') return;
        else if (message.type === 'decoded') onDecoded?.();
        else if (message.type === 'done') settle('reuse', () => resolve({ seconds: message.seconds, result: message.result, analysisVersion: message.analysisVersion }));
        else if (message.code === 'crashed') settle('end', () => reject(new Error(message.message)));
        else {
          const failure = new DomainError(message.code, message.message, undefined, { cause: message.detail ? new Error(message.detail) : undefined });
          settle('reuse', () => reject(failure));
        }
      };
      const onError = (error: Error) => settle('end', () => reject(error));
      const onExit = (code: number) => settle('end', () => reject(new Error(`The analysis thread stopped with code ${code}`)));
      const onAbort = () => settle('stop', () => reject(new Error('The analysis was stopped')));
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      stop?.addEventListener('abort', onAbort, { once: true });
      if (stop?.aborted) onAbort();
      else worker.postMessage(input);
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const idle = [...this.idle];
    this.idle.clear();
    await Promise.all(idle.map((worker) => worker.terminate()));
  }

  /** An idle thread, or a new one; a thread that ends while idle is never handed out. */
  private takeThread(): Worker {
    const [idle] = this.idle;
    if (idle) {
      this.idle.delete(idle);
      idle.ref();
      return idle;
    }
    const worker = new Worker(join(__dirname, 'analysis.thread.js'), { resourceLimits: ANALYSIS_THREAD_LIMITS });
    worker.on('exit', () => this.idle.delete(worker));
    return worker;
  }
}
