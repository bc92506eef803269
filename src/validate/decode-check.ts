import { spawn } from 'node:child_process';

/** What a first try at decoding found. */
export type DecodeCheck = 'decodes' | 'undecodable' | 'unknown';

/**
 * Whether ffmpeg decodes any audio of the file: it is started as the worker
 * starts it and stopped at its first decoded bytes, so a file that decodes
 * costs one short start of ffmpeg (tens of milliseconds). A file that gives
 * no audio at all (a header with no whole frame after it, damage from the
 * first frame on) is 'undecodable'; one that takes longer than `timeoutMs`
 * is 'unknown' and left to the worker. `input`: the file's path, or its
 * first bytes (fed on stdin; a format that needs to seek may then find nothing).
 */
export function decodesAnyAudio(ffmpegPath: string, input: string | Buffer, timeoutMs: number): Promise<DecodeCheck> {
  return new Promise((resolve) => {
    const source = typeof input === 'string' ? ['-nostdin', '-i', input] : ['-i', 'pipe:0'];
    const child = spawn(ffmpegPath, ['-hide_banner', '-loglevel', 'error', ...source, '-map', '0:a:0', '-vn', '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'], {
      stdio: [typeof input === 'string' ? 'ignore' : 'pipe', 'pipe', 'ignore'],
    });
    if (typeof input !== 'string') {
      // ffmpeg may stop reading once it has decoded something, or be stopped: its early end is no failure.
      child.stdin!.on('error', () => undefined);
      child.stdin!.end(input);
    }
    let settled = false;
    const settle = (outcome: DecodeCheck) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null) child.kill('SIGKILL');
      resolve(outcome);
    };
    const timer = setTimeout(() => settle('unknown'), timeoutMs);
    child.stdout!.once('data', () => settle('decodes'));
    child.on('error', () => settle('unknown'));
    child.on('close', () => settle('undecodable'));
  });
}
