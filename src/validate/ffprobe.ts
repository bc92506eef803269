import { execFile } from 'node:child_process';

/** What ffprobe reports about a file's first audio stream. */
export interface ProbedAudio {
  /** ffmpeg's short names: the container (`amr`, `asf`, `caf`, `mov,mp4,m4a,3gp,3g2,mj2`…) and the codec (`amr_nb`, `wmav2`…). */
  formatName: string;
  codecName: string;
  channels: number;
  /** Hz. */
  sampleRate: number;
  /** Seconds, as the container states or ffmpeg estimates it. */
  duration?: number;
}

/** Seconds of audio decoded to prove a stream decodes: enough to pass any header and a few frames. */
const PROOF_SECONDS = 5;
const MAX_OUTPUT_BYTES = 64 * 1024;

/**
 * Asks ffprobe, the prober of the decoder the worker uses, about a file on
 * disk: its first audio stream, proven decodable by decoding its first
 * seconds. Resolves to undefined when the file has no audio stream that
 * decodes; rejects (with ffprobe's text, for the log) when ffprobe cannot be
 * run or takes longer than `timeoutMs`. No shell is involved.
 */
export function probeAudio(ffprobePath: string, file: string, timeoutMs: number): Promise<ProbedAudio | undefined> {
  const args = ['-v', 'error', '-hide_banner', '-select_streams', 'a:0', '-count_frames', '-read_intervals', `%+${PROOF_SECONDS}`,
    '-show_entries', 'stream=codec_name,channels,sample_rate,duration,nb_read_frames:format=format_name,duration', '-of', 'json', file];
  return new Promise((resolve, reject) => {
    execFile(ffprobePath, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: MAX_OUTPUT_BYTES }, (error, stdout, stderr) => {
      const exitCode = (error as { code?: unknown } | null)?.code;
      // ffprobe exits 1 on a file it cannot read as any format: an answer, not a failure.
      if (error && exitCode !== 1) {
        reject(new Error(`ffprobe failed: ${error.message} ${stderr}`.trim(), { cause: error }));
        return;
      }
      try {
        resolve(error ? undefined : readReport(stdout));
      } catch (parseError) {
        reject(new Error(`ffprobe answered what is not its JSON report: ${stdout.slice(0, 200)}`, { cause: parseError }));
      }
    });
  });
}

interface Report {
  streams?: { codec_name?: string; channels?: number; sample_rate?: string; duration?: string; nb_read_frames?: string }[];
  format?: { format_name?: string; duration?: string };
}

function readReport(stdout: string): ProbedAudio | undefined {
  const report = JSON.parse(stdout) as Report;
  const stream = report.streams?.[0];
  if (!stream?.codec_name || !(Number(stream.nb_read_frames) > 0)) return undefined;
  const duration = Number(stream.duration ?? report.format?.duration);
  return {
    formatName: report.format?.format_name ?? '',
    codecName: stream.codec_name,
    channels: stream.channels ?? 0,
    sampleRate: Number(stream.sample_rate ?? 0),
    duration: Number.isFinite(duration) && duration > 0 ? duration : undefined,
  };
}
