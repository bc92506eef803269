import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSpeechFixtures } from '../../test/support/speech-fixtures';
import { median } from './measure';

/**
 * bench:analysis — 10-minute, 1-hour and 4-hour stereo 8 kHz μ-law calls of
 * realistic content (the 57 s ground-truth call looped: real and synthetic
 * speech on both channels, about 60% talk, silences, a 9 s hold with music),
 * all pinned to one core: the service's analysis (decoding, energy meters and
 * the speech model), the energy meters alone (the analysis before the model),
 * and ffmpeg decoding alone. Medians of BENCH_RUNS runs.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LENGTHS = (process.env.BENCH_LENGTHS ?? '600,3600,14400').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'oliver-bench-analysis-'));
const oneCore = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '0'] : [];

function timed(command: string[]): number {
  const started = performance.now();
  const run = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed`);
  return performance.now() - started;
}

type Run = { wallMs: number; cpuMs: number; peakRssMiB: number; threadPeakRssMiB?: number; loadMs?: number };

/** A 2-second stereo call the analysis thread reads first, loading the model before the clock starts. */
const warmUp = join(work, 'warm-up.wav');

function analyse(file: string, mode: 'model' | 'energy'): Run {
  const command = [...oneCore, process.execPath, join(__dirname, 'analyse-one.js'), file, '2', mode, warmUp];
  const out = execFileSync(command[0], command.slice(1), { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Run;
}

function main(): void {
  const source = buildSpeechFixtures().fixtures.find((f) => f.name === 'clean-mulaw.wav')!.path;
  execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', source, '-t', '2', '-c:a', 'pcm_mulaw', warmUp]);
  const loads: number[] = [];
  /** Per length: × real time by CPU and the thread's peak RSS, for the verdict. */
  const measured: { label: string; speed: number; threadMiB: number }[] = [];
  console.log(`Stereo 8 kHz μ-law calls looping the 57 s ground-truth call; median of ${RUNS} runs; ${oneCore.length ? 'pinned to one core' : 'not pinned (no taskset)'}\n`);
  console.log('With the model: the service\'s analysis thread (src/process/analysis.thread.ts), the model loaded before the clock starts, as a thread keeps it between calls.');
  console.log('× real time by wall clock, and (cpu) by the analysis process\'s own CPU time, which other work on a shared machine does not inflate.');
  console.log('RSS: the process\'s peak; (thread): that less what the process held before the analysis thread started.\n');
  console.log('length   file MB   with model: s   × real time   (cpu)   RSS MiB  (thread)   energy only: s   × real time   (cpu)   RSS MiB   ffmpeg alone: s   × real time');
  for (const seconds of LENGTHS) {
    const file = join(work, `call-${seconds}s.wav`);
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', source, '-t', String(seconds), '-c:a', 'pcm_mulaw', file]);
    const model: Run[] = [];
    const energy: Run[] = [];
    const decode: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      model.push(analyse(file, 'model'));
      energy.push(analyse(file, 'energy'));
      decode.push(timed([...oneCore, 'ffmpeg', '-nostdin', '-loglevel', 'error', '-i', file, '-ac', '2', '-ar', '8000', '-f', 's16le', '-y', '/dev/null']));
    }
    loads.push(...model.map((r) => r.loadMs!));
    const columns = (runs: Run[]) => {
      const wall = median(runs.map((r) => r.wallMs)) / 1000;
      const cpu = median(runs.map((r) => r.cpuMs)) / 1000;
      const thread = runs[0].threadPeakRssMiB === undefined ? '' : Math.max(...runs.map((r) => r.threadPeakRssMiB!)).toFixed(0).padStart(10);
      return `${wall.toFixed(2).padStart(16)}${Math.round(seconds / wall).toString().padStart(14)}${Math.round(seconds / cpu).toString().padStart(8)}${Math.max(...runs.map((r) => r.peakRssMiB)).toFixed(0).padStart(10)}${thread}`;
    };
    const ffmpegAlone = median(decode) / 1000;
    const label = seconds >= 3600 ? `${seconds / 3600} h` : `${seconds / 60} min`;
    measured.push({ label, speed: seconds / (median(model.map((r) => r.cpuMs)) / 1000), threadMiB: Math.max(...model.map((r) => r.threadPeakRssMiB!)) });
    console.log(`${label.padEnd(9)}${(statSync(file).size / 1e6).toFixed(0).padStart(7)}${columns(model)}${columns(energy).slice(1)}${ffmpegAlone.toFixed(2).padStart(18)}${Math.round(seconds / ffmpegAlone).toString().padStart(14)}`);
    rmSync(file, { force: true });
  }
  rmSync(work, { recursive: true, force: true });
  console.log(`\nLoading the model (once per analysis thread, with a 2 s call): median ${(median(loads) / 1000).toFixed(2)} s.`);
  console.log('Targets with the model: ≥ 300× real time on one core, peak RSS ≤ 250 MiB per analysis thread, flat from 10 minutes to 4 hours.');
  const slowest = measured.reduce((a, b) => (b.speed < a.speed ? b : a));
  const [least, most] = [Math.min(...measured.map((m) => m.threadMiB)), Math.max(...measured.map((m) => m.threadMiB))];
  console.log(`Speed: ${slowest.speed >= 300 ? 'met' : 'MISSED'} (slowest ${Math.round(slowest.speed)}× by CPU, on the ${slowest.label} call).`);
  console.log(`Memory: the analysis thread peaked at ${least.toFixed(0)}–${most.toFixed(0)} MiB (${most <= 250 ? 'within' : 'OVER'} 250), ${(most - least).toFixed(0)} MiB apart from the shortest call to the longest.`);
}

main();
