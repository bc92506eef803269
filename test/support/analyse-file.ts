import { CallAnalyser, CallAnalysis } from '../../src/analysis/call-analyser';
import { decodePcm } from '../../src/analysis/pcm-decoder';
import { ModelRate, speechModel } from '../../src/analysis/speech-model';

/** Decodes a file with the real ffmpeg and analyses it, as the worker thread does. */
export async function analyseFile(path: string, channels: 1 | 2, agentChannel: 0 | 1 = 0, modelRate?: ModelRate): Promise<CallAnalysis> {
  const analyser = new CallAnalyser({ sampleRate: 8000, channels, agentChannel, speechModel: await speechModel(), modelRate });
  for await (const chunk of decodePcm({ ffmpegPath: 'ffmpeg', file: path, sampleRate: 8000, channels, timeoutMs: 60_000, maxSeconds: 36_000 })) {
    await analyser.push(chunk);
  }
  return analyser.finish();
}
