import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { validateEnvironment } from '../../src/config/environment';
import { AnalysisRunner } from '../../src/process/analysis-runner';
import { DomainError, DomainErrorCode } from '../../src/common/domain-error';
import { bytesFixture, fixture, longCall, longFlacCall, realTimeFfmpeg } from '../support/fixtures';

/** The runner the worker uses, with its threads kept between calls, outside Nest. */
describe('the analysis runner keeps its threads between calls', () => {
  const runner = new AnalysisRunner(validateEnvironment({ WORKER_CONCURRENCY: '1' }));
  const slowRunner = new AnalysisRunner(validateEnvironment({ WORKER_CONCURRENCY: '1', FFMPEG_PATH: realTimeFfmpeg() }));
  const stereo = { channels: 2 as const, agentChannel: 0 as const };
  const analyse = (file: string, stop?: AbortSignal, on = runner) => on.run({ file, ...stereo }, () => undefined, stop);
  after(async () => {
    await runner.onApplicationShutdown();
    await slowRunner.onApplicationShutdown();
  });

  test('a call analysed again after other calls gives the same result: nothing carries over', async () => {
    const first = await analyse(fixture('pcm.wav').path);
    const other = await analyse(longCall(30));
    const again = await analyse(fixture('pcm.wav').path);
    assert.ok(Math.abs(first.seconds - 3.5) < 0.06);
    assert.ok(Math.abs(other.seconds - 30) < 0.06);
    assert.deepEqual(again, first);
  });

  test('undecodable audio is a permanent failure, and the next call is analysed as usual', async () => {
    await assert.rejects(analyse(bytesFixture('garbage.wav', Buffer.alloc(4096, 0x5a))), (error: Error) => error instanceof DomainError && error.code === DomainErrorCode.UndecodableAudio);
    assert.ok(Math.abs((await analyse(fixture('pcm.wav').path)).seconds - 3.5) < 0.06);
  });

  test('a kept thread that ends while idle is not handed out again', async () => {
    await analyse(fixture('pcm.wav').path);
    const idle = (runner as unknown as { idle: Set<Worker> }).idle;
    assert.equal(idle.size, 1, 'the thread is kept after its call');
    const [kept] = idle;
    await kept.terminate();
    assert.equal(idle.size, 0);
    assert.ok(Math.abs((await analyse(fixture('pcm.wav').path)).seconds - 3.5) < 0.06);
  });

  test('a call stopped mid-analysis rejects, and the next call gets a working thread', async () => {
    const stop = new AbortController();
    const running = analyse(longFlacCall(30), stop.signal, slowRunner);
    setTimeout(() => stop.abort(), 300);
    await assert.rejects(running, /The analysis was stopped/);
    assert.ok(Math.abs((await analyse(fixture('pcm.wav').path, undefined, slowRunner)).seconds - 3.5) < 0.06);
  });
});
