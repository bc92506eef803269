import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Generated once per machine and kept in the temp folder: the tests' real audio. */
const DIR = join(tmpdir(), 'oliver-test-fixtures-v1');

export interface AudioFixture {
  name: string;
  path: string;
  channels: 1 | 2;
  seconds: number;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });

export function generate(name: string, make: (target: string) => void): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, name);
  if (!existsSync(path)) {
    const partial = `${path}.${process.pid}.part${name.slice(name.lastIndexOf('.'))}`;
    make(partial);
    renameSync(partial, path);
  }
  return path;
}

/** Two tones on two channels: a stand-in for a stereo call, exact in length. */
const stereoSource = (seconds: number) =>
  generate(`source-stereo-${seconds}s.wav`, (target) =>
    run('sox', ['-n', '-r', '8000', '-c', '2', '-b', '16', target, 'synth', String(seconds), 'sine', '300', 'sine', '500', 'vol', '0.5']),
  );

const ffmpeg = (input: string, target: string, codecArgs: string[]) =>
  run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', input, ...codecArgs, target]);

/** The formats the service must accept, each with its known duration. */
export function audioFixtures(): AudioFixture[] {
  const seconds = 3.5;
  const source = stereoSource(seconds);
  const stereo = (name: string, codec: string[]) => ({ name, path: generate(name, (t) => ffmpeg(source, t, codec)), channels: 2 as const, seconds });
  return [
    { name: 'pcm.wav', path: source, channels: 2, seconds },
    stereo('mulaw.wav', ['-c:a', 'pcm_mulaw']),
    stereo('call.mp3', ['-c:a', 'libmp3lame', '-b:a', '32k']),
    stereo('call.flac', ['-c:a', 'flac']),
    { name: 'mono.wav', path: generate('mono.wav', (t) => ffmpeg(source, t, ['-ac', '1'])), channels: 1, seconds },
  ];
}

export const fixture = (name: string) => {
  const found = audioFixtures().find((f) => f.name === name);
  if (!found) throw new Error(`No fixture ${name}`);
  return found;
};

/** A file of the given bytes, written once. */
export const bytesFixture = (name: string, bytes: Buffer) =>
  generate(name, (target) => writeFileSync(target, bytes));

/** The stereo test call looped to the given length, μ-law. */
export const longCall = (seconds: number) =>
  generate(`long-${seconds}s.wav`, (target) =>
    run('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', fixture('pcm.wav').path, '-t', String(seconds), '-c:a', 'pcm_mulaw', target]),
  );

/**
 * The long call as FLAC: WAV in μ-law is read without ffmpeg, so a test that
 * slows ffmpeg down to act mid-analysis needs a format that goes through it.
 */
export const longFlacCall = (seconds: number) =>
  generate(`long-${seconds}s.flac`, (target) => ffmpeg(longCall(seconds), target, ['-c:a', 'flac']));

/** The stereo test call converted with ffmpeg's codec arguments. */
export const transcoded = (name: string, codecArgs: string[]) => generate(name, (target) => ffmpeg(fixture('pcm.wav').path, target, codecArgs));

/**
 * An FFMPEG_PATH that decodes no faster than real time (`-re`), so a test can
 * act while a worker is in the middle of an analysis.
 */
export const realTimeFfmpeg = () =>
  generate('ffmpeg-real-time.sh', (target) => {
    writeFileSync(target, '#!/bin/sh\nexec ffmpeg -re "$@"\n');
    chmodSync(target, 0o755);
  });
