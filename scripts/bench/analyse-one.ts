import { CallAnalyser } from '../../src/analysis/call-analyser';
import { decodePcm } from '../../src/analysis/pcm-decoder';
import { speechModel } from '../../src/analysis/speech-model';

/** One analysis in a process of its own, so its peak memory is its own. Prints one JSON line. */
async function main(): Promise<void> {
  const [file, channels] = [process.argv[2], Number(process.argv[3] ?? 2) as 1 | 2];
  const started = performance.now();
  const analyser = new CallAnalyser({ sampleRate: 8000, channels, agentChannel: 0, speechModel: await speechModel() });
  for await (const chunk of decodePcm({ ffmpegPath: process.env.FFMPEG_PATH ?? 'ffmpeg', file, sampleRate: 8000, channels, timeoutMs: 3_600_000, maxSeconds: 86_400 })) {
    await analyser.push(chunk);
  }
  const result = await analyser.finish();
  console.log(JSON.stringify({
    wallMs: performance.now() - started,
    audioSeconds: result.basic.totalduration,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    utterances: result.basic.utterances,
  }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
