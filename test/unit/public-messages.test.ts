import assert from 'node:assert/strict';
import { hostname, tmpdir } from 'node:os';
import { describe, test } from 'node:test';
import { insidesShown } from '../support/public-messages';

describe('the check that messages shown to clients show no server insides', () => {
  const showing: [string, string][] = [
    ['a storage path', `The uploaded file is not decodable audio: its amr header cannot be read (Guessed MIME-type not supported: audio/amr: /srv/oliver/data/audio/.incoming/api-1/6f1c.part)`],
    ['the temporary folder', `ENOENT: no such file or directory, open '${tmpdir()}/oliver-audio-x/a.wav'`],
    ['ffmpeg with a memory address', 'The audio cannot be decoded: [flac @ 0x55d7a3c41200] invalid residual'],
    ['a stack line', 'Error: boom\n    at CallProcessor.handle (/app/dist/src/process/call-processor.js:88:19)'],
    ['a source position', 'failed in call-processor.ts:88'],
    ['the host name', `connect ECONNREFUSED ${hostname()}:5432`],
  ];
  for (const [name, message] of showing) test(`catches ${name}`, () => assert.ok(insidesShown(message), message));

  const fine = [
    'The file name must be a plain name, without "/", "\\", control characters or text-direction marks',
    'The uploaded file is not audio (its content looks like application/pdf)',
    'channels is 1 but the file has 2 channels',
    'Download refused: localhost resolves to 127.0.0.1, a loopback address (this machine)',
    'Download refused: [::ffff:127.0.0.1] is a loopback address (this machine)',
    'Processing failed after 3 attempts: Download failed: the server answered HTTP 503',
    'Cannot GET /client/1/nothing-here',
  ];
  for (const message of fine) test(`lets through: ${message}`, () => assert.equal(insidesShown(message), undefined));
});
