import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { buildCallFixtures } from '../support/call-fixtures';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { generate } from '../support/fixtures';

const { fixtures, truth } = buildCallFixtures();
const source = (name: string) => fixtures.find((f) => f.name === name)!.path;
const made = (name: string, input: string, args: string[]) =>
  generate(name, (target) => execFileSync('ffmpeg', ['-nostdin', '-loglevel', 'error', '-y', '-i', input, ...args, target], { stdio: ['ignore', 'ignore', 'pipe'] }));

const MONO = source('clean-mono-pcm.wav');

/** Two recorder paths: the same call, each channel with noise of its own (correlation ≈ 0.989). */
function noisyCopies(): string {
  return generate('dual-mono-noisy.wav', (target) =>
    execFileSync('ffmpeg', [
      '-nostdin', '-loglevel', 'error', '-y', '-i', MONO,
      '-f', 'lavfi', '-i', 'anoisesrc=c=white:a=0.01:r=8000:seed=1',
      '-f', 'lavfi', '-i', 'anoisesrc=c=white:a=0.01:r=8000:seed=2',
      '-filter_complex', '[0]asplit[m1][m2];[m1][1]amix=inputs=2:duration=first:normalize=0[l];[m2][2]amix=inputs=2:duration=first:normalize=0[r];[l][r]join=inputs=2:channel_layout=stereo',
      '-c:a', 'pcm_mulaw', target,
    ], { stdio: ['ignore', 'ignore', 'pipe'] }),
  );
}
const STEREO = source('clean-stereo-pcm.wav');
/** The mono call copied to both channels, as recorders that write "stereo" do, through the codecs they use. */
const DUAL_MONO: [string, string][] = [
  ['identical channels, PCM', made('dual-mono.wav', MONO, ['-ac', '2'])],
  ['the second copy 1 dB quieter', made('dual-mono-gain.wav', MONO, ['-af', 'pan=stereo|c0=c0|c1=0.89*c0'])],
  ['μ-law', made('dual-mono-mulaw.wav', MONO, ['-ac', '2', '-c:a', 'pcm_mulaw'])],
  ['MP3, 32 kbit/s', made('dual-mono.mp3', MONO, ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '32k'])],
  ['MP3 coded as two independent channels', made('dual-mono-dual.mp3', MONO, ['-ac', '2', '-c:a', 'libmp3lame', '-b:a', '64k', '-joint_stereo', '0'])],
  ['each copy with its own white noise (amplitude 0.01), μ-law', noisyCopies()],
];
/** Two parties, each on a channel, with the other leaking in: not one signal. */
const TWO_PARTIES: [string, string][] = [
  ['no crosstalk', STEREO],
  ['crosstalk at -20 dB', made('crosstalk-20.wav', STEREO, ['-af', 'pan=stereo|c0=c0+0.1*c1|c1=c1+0.1*c0'])],
  ['crosstalk at -12 dB, μ-law', made('crosstalk-12.wav', STEREO, ['-af', 'pan=stereo|c0=c0+0.25*c1|c1=c1+0.25*c0', '-c:a', 'pcm_mulaw'])],
];

const talk = (list: { st: number; et: number }[]) => list.reduce((sum, u) => sum + u.et - u.st, 0);

for (const kind of DATABASE_KINDS) {
  describe(`dual mono: one signal on both channels, on ${kind}`, () => {
    const running = serviceOn(kind);

    for (const [name, path] of DUAL_MONO) {
      test(`${name}: analysed as one speaker and said so`, async () => {
        const submitted = await running.api.submitFile(path, { channels: 2, calldirection: 1 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal((await running.api.settle(submitted.body.pid, 120_000)).status, 2);
        const result = await running.api.get(`/client/${running.api.cid}/process/${submitted.body.pid}/result`);
        assert.equal(result.status, 200);
        const { basic, analytics } = result.body;
        assert.equal(basic.dualMono, true);
        assert.deepEqual(basic.id, { speaker1: 0 });
        assert.deepEqual(Object.keys(analytics.roles), ['speaker1']);
        assert.ok(!('overlap' in basic.vad) && !('agent' in basic.vad), JSON.stringify(basic.vad));
        assert.equal(analytics.interruptions.length, 0);
        // The talk time of the one speaker, as the mono call gives it (3 s or 10% of the truth's).
        const expected = talk(truth.utterances.speaker1);
        assert.ok(Math.abs(basic.vad.speaker1 - expected) <= Math.max(3, expected * 0.1), `${basic.vad.speaker1} vs ${expected}`);
        const [row] = await sql<{ body: string }>(running.db, 'SELECT body FROM process_results WHERE pid = ?', [submitted.body.pid]);
        assert.equal(JSON.parse(row.body).basic.dualMono, true, 'stored');
      });
    }

    for (const [name, path] of TWO_PARTIES) {
      test(`two parties, ${name}: not flagged, agent and customer kept`, async () => {
        const submitted = await running.api.submitFile(path, { channels: 2, calldirection: 1 });
        assert.equal(submitted.status, 200, JSON.stringify(submitted.body));
        assert.equal((await running.api.settle(submitted.body.pid, 120_000)).status, 2);
        const result = await running.api.get(`/client/${running.api.cid}/process/${submitted.body.pid}/result`);
        assert.ok(!('dualMono' in result.body.basic));
        assert.deepEqual(Object.keys(result.body.basic.id).sort(), ['agent', 'customer']);
        assert.ok(result.body.basic.vad.agent > 0 && result.body.basic.vad.customer > 0);
      });
    }
  });
}
