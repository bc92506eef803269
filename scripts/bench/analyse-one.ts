import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChannelMeter } from '../../src/analysis/channel-meter';
import { decodePcm } from '../../src/analysis/pcm-decoder';
import { SPEECH_MODEL_FILE } from '../../src/analysis/speech-model-file';
import { ANALYSIS_SAMPLE_RATE, ANALYSIS_THREAD_LIMITS } from '../../src/process/analysis-thread.options';
import type { ThreadInput, ThreadMessage } from '../../src/process/analysis.thread';

/**
 * One analysis in a process of its own, so its peak memory is its own. Prints one JSON line: wall
 * and CPU time (this process, not the ffmpeg it runs), ms, and peak RSS, MiB.
 * Mode `model` (default) is the service's analysis, run as the worker runs it: in the analysis
 * thread (src/process/analysis.thread.ts) with its heap limits. The model is loaded by a first
 * call (argument 5: a short file) before the clock starts, as a thread loads it once and keeps it
 * for its calls; `loadMs` is what that took, and `threadPeakRssMiB` the peak less what the process
 * held before the thread started. Mode `energy` runs the energy meters alone, as the analysis did
 * before the speech model, for comparison.
 */
async function main(): Promise<void> {
  const [file, channels, mode] = [process.argv[2], Number(process.argv[3] ?? 2) as 1 | 2, process.argv[4] ?? 'model'];
  if (mode === 'energy') {
    const started = performance.now();
    const cpuStart = process.cpuUsage();
    const audioSeconds = await energyOnly(decodePcm(decodeOptions(file, channels)), channels);
    report(started, cpuStart, { audioSeconds });
    return;
  }
  const before = process.memoryUsage.rss();
  const thread = new Worker(join(__dirname, '../../src/process/analysis.thread.js'), { resourceLimits: ANALYSIS_THREAD_LIMITS });
  const call = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const input: ThreadInput = {
        decode: decodeOptions(path, channels),
        analyser: { sampleRate: ANALYSIS_SAMPLE_RATE, channels, agentChannel: 0 },
        speechModelFile: SPEECH_MODEL_FILE,
      };
      const onMessage = (message: ThreadMessage) => {
        if (message.type === 'done') resolve(message.seconds);
        else if (message.type === 'failed') reject(new Error(message.message));
        else return;
        thread.off('message', onMessage);
      };
      thread.on('message', onMessage).once('error', reject);
      thread.postMessage(input);
    });
  const loadStarted = performance.now();
  await call(process.argv[5]);
  const loadMs = performance.now() - loadStarted;
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const audioSeconds = await call(file);
  // The process's own share (Node and this script) is what it held before the thread started.
  report(started, cpuStart, { audioSeconds, loadMs, threadPeakRssMiB: (process.resourceUsage().maxRSS * 1024 - before) / 2 ** 20 });
  await thread.terminate();
}

function decodeOptions(file: string, channels: 1 | 2) {
  return { ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg', file, sampleRate: ANALYSIS_SAMPLE_RATE, channels, timeoutMs: 3_600_000, maxSeconds: 86_400 };
}

function report(started: number, cpuStart: NodeJS.CpuUsage, extra: Record<string, number>): void {
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, ...extra, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** The meters' block loop of CallAnalyser, without the speech model. */
async function energyOnly(chunks: AsyncIterable<Buffer>, channels: 1 | 2): Promise<number> {
  const meters = Array.from({ length: channels }, () => new ChannelMeter(ANALYSIS_SAMPLE_RATE));
  const block = meters[0].blockSize * channels * 2;
  let pending = Buffer.alloc(0);
  let bytes = 0;
  for await (const chunk of chunks) {
    pending = pending.length ? Buffer.concat([pending, chunk]) : Buffer.from(chunk);
    const whole = pending.length - (pending.length % block);
    const samples = new Int16Array(pending.buffer, pending.byteOffset, whole / 2);
    for (let at = 0; at < samples.length; at += block / 2) {
      if (channels === 1) {
        meters[0].measure(samples, at, 1);
        meters[0].decide(samples, at, 1);
      } else {
        const left = meters[0].measure(samples, at, 2);
        const right = meters[1].measure(samples, at + 1, 2);
        meters[0].decide(samples, at, 2, right);
        meters[1].decide(samples, at + 1, 2, left);
      }
    }
    bytes += whole;
    pending = pending.subarray(whole);
  }
  meters.forEach((m) => m.finish());
  return bytes / (2 * channels * ANALYSIS_SAMPLE_RATE);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
