import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCallFixtures } from '../../test/support/call-fixtures';
import { median } from './measure';

/**
 * bench:analysis — decoding plus analysis of 10-minute, 1-hour and 4-hour
 * stereo 8 kHz calls (the test call looped), as μ-law WAV (read directly) and
 * as FLAC (decoded by ffmpeg), against ffmpeg decoding the same file alone,
 * all pinned to one core.
 */
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LENGTHS = (process.env.BENCH_LENGTHS ?? '600,3600,14400').split(',').map(Number);
const FORMATS: Record<string, string[]> = { 'μ-law WAV': ['-c:a', 'pcm_mulaw'], FLAC: ['-c:a', 'flac'] };
const work = mkdtempSync(join(tmpdir(), 'oliver-bench-analysis-'));
const oneCore = spawnSync('taskset', ['-c', '0', 'true']).status === 0 ? ['taskset', '-c', '0'] : [];

function timed(command: string[]): number {
  const started = performance.now();
  const run = spawnSync(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
  if (run.status !== 0) throw new Error(`${command.join(' ')} failed`);
  return performance.now() - started;
}

function main(): void {
  const { fixtures } = buildCallFixtures();
  const source = fixtures.find((f) => f.name === 'clean-stereo-pcm.wav')!.path;
  console.log(`Stereo 8 kHz calls made by looping the 34 s test call; median of ${RUNS} runs; ${oneCore.length ? 'pinned to one core' : 'not pinned (no taskset)'}\n`);
  console.log('length   format       file MB   analysis s   × real time   ffmpeg alone s   ratio   peak RSS MiB');
  for (const seconds of LENGTHS) {
    for (const [format, codec] of Object.entries(FORMATS)) {
      const file = join(work, `call-${seconds}s.${format === 'FLAC' ? 'flac' : 'wav'}`);
      execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', source, '-t', String(seconds), ...codec, file]);
      const analysis: { wallMs: number; peakRssMiB: number }[] = [];
      const decode: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        const out = execFileSync(oneCore[0] ?? process.execPath, [...oneCore.slice(1), ...(oneCore.length ? [process.execPath] : []), join(__dirname, 'analyse-one.js'), file, '2'], { encoding: 'utf8' });
        analysis.push(JSON.parse(out.trim().split('\n').pop()!));
        decode.push(timed([...oneCore, 'ffmpeg', '-nostdin', '-loglevel', 'error', '-i', file, '-ac', '2', '-ar', '8000', '-f', 's16le', '-y', '/dev/null']));
      }
      const wall = median(analysis.map((a) => a.wallMs)) / 1000;
      const ffmpegAlone = median(decode) / 1000;
      const label = seconds >= 3600 ? `${seconds / 3600} h` : `${seconds / 60} min`;
      console.log(
        `${label.padEnd(9)}${format.padEnd(10)}${(statSync(file).size / 1e6).toFixed(0).padStart(9)}${wall.toFixed(2).padStart(13)}${Math.round(seconds / wall).toString().padStart(14)}${ffmpegAlone.toFixed(2).padStart(17)}${(wall / ffmpegAlone).toFixed(2).padStart(8)}${Math.max(...analysis.map((a) => a.peakRssMiB)).toFixed(0).padStart(15)}`,
      );
      rmSync(file, { force: true });
    }
  }
  rmSync(work, { recursive: true, force: true });
  console.log('\nTargets: ≥ 2000× real time, ≤ 5× ffmpeg alone, peak RSS ≤ 150 MiB and flat from 10 minutes to 4 hours.');
}

main();
