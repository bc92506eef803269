import { CallAnalyser } from '../../src/analysis/call-analyser';
import { ChannelMeter } from '../../src/analysis/channel-meter';
import { decodePcm } from '../../src/analysis/pcm-decoder';
import { speechModel } from '../../src/analysis/speech-model';

/**
 * One analysis in a process of its own, so its peak memory is its own. Prints one JSON line: wall
 * and CPU time (this process, not the ffmpeg it runs), ms, and peak RSS, MiB.
 * Mode `model` (default) is the service's analysis; `energy` runs the energy meters alone, as the
 * analysis did before the speech model, for comparison.
 */
async function main(): Promise<void> {
  const [file, channels, mode] = [process.argv[2], Number(process.argv[3] ?? 2) as 1 | 2, process.argv[4] ?? 'model'];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const decoded = decodePcm({ ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg', file, sampleRate: 8000, channels, timeoutMs: 3_600_000, maxSeconds: 86_400 });
  let audioSeconds: number;
  if (mode === 'energy') {
    audioSeconds = await energyOnly(decoded, channels);
  } else {
    const analyser = new CallAnalyser({ sampleRate: 8000, channels, agentChannel: 0, speechModel: await speechModel() });
    for await (const chunk of decoded) await analyser.push(chunk);
    audioSeconds = (await analyser.finish()).basic.totalduration;
  }
  const cpu = process.cpuUsage(cpuStart);
  console.log(JSON.stringify({ wallMs: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, audioSeconds, peakRssMiB: process.resourceUsage().maxRSS / 1024 }));
}

/** The meters' block loop of CallAnalyser, without the speech model. */
async function energyOnly(chunks: AsyncIterable<Buffer>, channels: 1 | 2): Promise<number> {
  const meters = Array.from({ length: channels }, () => new ChannelMeter(8000));
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
  return bytes / (2 * channels * 8000);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
