import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodesAnyAudio } from '../../src/validate/decode-check';
import { fixture } from '../support/fixtures';
import { cutFlac, damagedFlac } from '../support/recordings';

test('a file that decodes, one cut before its first frame, one damaged in it', async () => {
  assert.equal(await decodesAnyAudio('ffmpeg', fixture('call.flac').path, 20_000), 'decodes');
  assert.equal(await decodesAnyAudio('ffmpeg', cutFlac(), 20_000), 'undecodable');
  assert.equal(await decodesAnyAudio('ffmpeg', damagedFlac(), 20_000), 'undecodable');
});

test('without ffmpeg the check cannot say, and leaves the file to the worker', async () => {
  assert.equal(await decodesAnyAudio('/nonexistent/ffmpeg', fixture('call.flac').path, 20_000), 'unknown');
});
