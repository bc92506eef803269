import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** The worker cannot do anything without ffmpeg: say so at start, plainly. */
export async function assertFfmpegRuns(ffmpegPath: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(ffmpegPath, ['-hide_banner', '-version'], { timeout: 10_000 });
    return stdout.split('\n')[0];
  } catch (error) {
    throw new Error(
      `ffmpeg could not be run as "${ffmpegPath}" (${(error as Error).message}). ` +
        'Install it (Debian/Ubuntu: apt-get install ffmpeg) or set FFMPEG_PATH to its location.',
      { cause: error },
    );
  }
}
