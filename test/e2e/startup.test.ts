import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { createTestDatabase } from '../support/databases';
import { runToExit, startService, tempDir } from '../support/service';

describe('start-up', () => {
  test('a bad setting stops the process with a message naming every bad variable', async () => {
    const { code, output } = await runToExit({ PORT: 'eighty', ROLE: 'everything', DATABASE_URL: 'mysql://x', AUDIO_RETENTION_DAYS: '-3', DTMF_DIGITS: 'sometimes', STORAGE_DIR: tempDir('audio') });
    assert.equal(code, 1);
    assert.match(output, /Invalid configuration/);
    assert.match(output, /PORT="eighty"/);
    assert.match(output, /ROLE="everything"/);
    assert.match(output, /DATABASE_URL must start with postgres:\/\//);
    assert.match(output, /AUDIO_RETENTION_DAYS=-3: AUDIO_RETENTION_DAYS must not be less than 0/);
    assert.match(output, /DTMF_DIGITS="sometimes": DTMF_DIGITS must be true or false/);
    assert.doesNotMatch(output, /at .*\.js:\d+/, 'no stack trace for a configuration error');
  });

  test('a worker without ffmpeg stops with a message saying how to install it', async () => {
    const dir = tempDir('nof');
    const { code, output } = await runToExit({ ROLE: 'worker', FFMPEG_PATH: '/nonexistent/ffmpeg', SQLITE_PATH: `${dir}/db.sqlite`, STORAGE_DIR: dir });
    assert.equal(code, 1);
    assert.match(output, /ffmpeg could not be run as "\/nonexistent\/ffmpeg"/);
    assert.match(output, /apt-get install ffmpeg/);
  });

  test('a worker whose speech model is missing or unreadable stops with a message saying how to restore it', async () => {
    const dir = tempDir('nomodel');
    const garbage = `${dir}/garbage.onnx`;
    writeFileSync(garbage, Buffer.alloc(4096, 0x5a));
    for (const [path, reason] of [[`${dir}/missing.onnx`, /cannot be read \(ENOENT\)/], [garbage, /is not a Silero VAD v5 model/]] as const) {
      // A loaded machine can take a while to boot a worker: the bound is generous.
      const { code, output } = await runToExit({ ROLE: 'worker', SPEECH_MODEL_PATH: path, SQLITE_PATH: `${dir}/db.sqlite`, STORAGE_DIR: dir }, 120_000);
      assert.equal(code, 1, output);
      assert.ok(output.includes(`The speech model ${path}`), output);
      assert.match(output, reason);
      assert.match(output, /reinstall with npm ci or set SPEECH_MODEL_PATH/);
      assert.doesNotMatch(output, /Consuming/, 'no job is taken');
    }
  });

  test('/health/ready answers 503 naming the disk when STORAGE_DIR has less free space than required', async () => {
    const db = await createTestDatabase('sqlite');
    const service = await startService({ role: 'api', env: { ...db.env, MIN_FREE_DISK_BYTES: String(2 ** 52) } });
    try {
      const response = await fetch(`${service.url}/health/ready`);
      const body = (await response.json()) as any;
      assert.equal(response.status, 503);
      assert.equal(body.error.disk.status, 'down');
      assert.ok(body.error.disk.freeBytes > 0);
      assert.equal(body.info.database.status, 'up');
      assert.equal(body.info.ffmpeg.status, 'up');
    } finally {
      await service.stop();
      await db.drop();
    }
  });

  test('a fresh install with no clients says how to create one', async () => {
    const db = await createTestDatabase('sqlite');
    const service = await startService({ role: 'api', env: db.env });
    try {
      const hint = service.logs().split('\n').filter(Boolean).map((line) => JSON.parse(line)).find((line) => line.context === 'Clients');
      assert.equal(hint?.level, 'warn');
      assert.equal(hint?.msg, 'There are no clients yet. Create one with: npm run cli -- client create --name "Acme"');
    } finally {
      await service.stop();
      await db.drop();
    }
  });

  test('the committed OpenAPI document is the one the code generates', () => {
    const check = spawnSync(process.execPath, [resolve(__dirname, '../../scripts/generate-openapi.js'), '--check'], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stderr + check.stdout);
    assert.match(check.stdout, /matches the code/);
  });
});
