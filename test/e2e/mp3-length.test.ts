import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { buildCallFixtures } from '../support/call-fixtures';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { generate } from '../support/fixtures';

/** The mono test call repeated to ~3.5 minutes, its first 3 s silent (a VBR encoder's lowest rate). */
const SECONDS = 206.4;
const long = generate('speech-206s.wav', (target) =>
  execFileSync('sox', [buildCallFixtures().fixtures.find((f) => f.name === 'clean-mono-pcm.wav')!.path, target, 'repeat', '5'], { stdio: ['ignore', 'ignore', 'pipe'] }),
);
const mp3 = (name: string, args: string[]) =>
  generate(name, (target) =>
    execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', long, '-af', "volume=enable='lt(t,3)':volume=0", '-c:a', 'libmp3lame', ...args, target], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );

/** MP3s whose header states no frame count: the length known to the gate must not be the first 64 KiB's. */
const FILES: [name: string, path: string, estimate: (seconds: number) => boolean][] = [
  ['CBR 32 kbit/s without a Xing header: the estimate is the length', mp3('no-xing-cbr.mp3', ['-b:a', '32k', '-write_xing', '0']), (s) => Math.abs(s - SECONDS) < SECONDS * 0.02],
  ['VBR without a Xing header: never short of the length, so progress does not reach 99 early', mp3('no-xing-vbr.mp3', ['-q:a', '0', '-write_xing', '0']), (s) => s >= SECONDS],
];

for (const kind of DATABASE_KINDS) {
  describe(`MP3 without a frame count, on ${kind}`, () => {
    const running = serviceOn(kind);

    for (const [name, path, plausible] of FILES) {
      test(name, async () => {
        const submitted = await running.api.submitFile(path, { channels: 1, calldirection: 1 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        const [row] = await sql<{ header_duration: number }>(running.db, 'SELECT header_duration FROM processes WHERE pid = ?', [submitted.body.pid]);
        assert.ok(plausible(Number(row.header_duration)), `header_duration ${row.header_duration} for ${SECONDS} s`);
        const done = await running.api.settle(submitted.body.pid, 170_000);
        assert.equal(done.status, 2);
        assert.ok(Math.abs(done.duration - SECONDS) < 1, `${done.duration}`);
      });
    }
  });
}
