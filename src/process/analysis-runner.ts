import { Injectable } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CallAnalysis } from '../analysis/call-analyser';
import { Environment } from '../config/environment';
import type { ThreadInput, ThreadMessage } from './analysis.thread';

export const ANALYSIS_SAMPLE_RATE = 8000;

export interface AnalysisRequest {
  file: string;
  channels: 1 | 2;
  agentChannel: 0 | 1;
}

export interface AnalysisOutcome {
  seconds: number;
  result: CallAnalysis;
}

/** A failure that retrying cannot mend: the process is aborted at once. */
export class PermanentFailure extends Error {}

/** Decodes and analyses one call in a worker thread of its own. */
@Injectable()
export class AnalysisRunner {
  constructor(private readonly env: Environment) {}

  /** `stop` ends the analysis early; the promise then rejects. */
  run(request: AnalysisRequest, onProgress: (seconds: number) => void, stop?: AbortSignal): Promise<AnalysisOutcome> {
    const input: ThreadInput = {
      decode: {
        ffmpegPath: this.env.FFMPEG_PATH,
        file: request.file,
        sampleRate: ANALYSIS_SAMPLE_RATE,
        channels: request.channels,
        timeoutMs: this.env.DECODE_TIMEOUT_SECONDS * 1000,
        maxSeconds: this.env.MAX_CALL_SECONDS,
      },
      analyser: { sampleRate: ANALYSIS_SAMPLE_RATE, channels: request.channels, agentChannel: request.agentChannel },
    };
    return new Promise<AnalysisOutcome>((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'analysis.thread.js'), { workerData: input });
      let settled = false;
      const settle = (action: () => void) => {
        if (settled) return;
        settled = true;
        action();
        void worker.terminate();
      };
      worker.on('message', (message: ThreadMessage) => {
        if (message.type === 'progress') onProgress(message.seconds);
        else if (message.type === 'done') settle(() => resolve({ seconds: message.seconds, result: message.result }));
        else if (message.kind === 'crashed') settle(() => reject(new Error(message.message)));
        else settle(() => reject(new PermanentFailure(message.message)));
      });
      worker.on('error', (error) => settle(() => reject(error)));
      worker.on('exit', (code) => settle(() => reject(new Error(`The analysis thread stopped with code ${code}`))));
      stop?.addEventListener('abort', () => settle(() => reject(new Error('The analysis was stopped'))), { once: true });
    });
  }
}
