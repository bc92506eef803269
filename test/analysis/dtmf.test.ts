import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { CallAnalyser } from '../../src/analysis/call-analyser';
import { speechModel } from '../../src/analysis/speech-model';
import { DtmfDetector, DtmfTone } from '../../src/analysis/dtmf';
import { analyseFile } from '../support/analyse-file';
import { FORMATS, speak } from '../support/call-fixtures';
import { buildKeypadCall, KEY_FREQUENCIES, keypad, KeyPress, KeypadOptions, realSpeech, sequence } from '../support/keypad';
import { hiss, pcm, RATE, Signal, sum, tone } from '../support/pcm';

/** The detector alone, fed in odd-sized pieces so halves are cut across pushes. */
function detect(seconds: number, signal: Signal, piece = 333): DtmfTone[] {
  const buffer = pcm(seconds, signal);
  const samples = new Int16Array(buffer.buffer, buffer.byteOffset, buffer.length / 2);
  const detector = new DtmfDetector(RATE);
  for (let at = 0; at < samples.length; at += piece) detector.push(samples, at, 1, Math.min(piece, samples.length - at));
  return detector.finish();
}

const keysOf = (tones: DtmfTone[]) => tones.map((t) => t.digit).join('');
const pressed = (presses: KeyPress[], options?: KeypadOptions) => sum(keypad(presses, options), hiss(0.003));
const lastEnd = (presses: KeyPress[]) => Math.max(...presses.map((p) => p.st + p.duration)) + 0.5;

describe('keypad tones (DTMF): ITU-T Q.23 keys, Q.24 acceptance', () => {
  test('every key of the keypad, of 40 to 200 ms with pauses of 40 to 150 ms, is found once, at its time', () => {
    const presses = sequence('1234567890*#ABCD', 0.3, [0.04, 0.05, 0.07, 0.1, 0.2, 0.045], [0.04, 0.06, 0.1, 0.15, 0.05]);
    const found = detect(lastEnd(presses), pressed(presses));
    assert.equal(keysOf(found), '1234567890*#ABCD');
    found.forEach((tone, i) => {
      assert.ok(Math.abs(tone.st - presses[i].st) < 0.012, `start ${tone.st} of ${JSON.stringify(presses[i])}`);
      assert.ok(Math.abs(tone.et - tone.st - presses[i].duration) < 0.02, `length ${tone.et - tone.st} of ${JSON.stringify(presses[i])}`);
    });
  });

  test('40 ms tones are found at every alignment to the analysis windows; 23 ms and shorter never', () => {
    for (let shift = 0; shift < 0.0075; shift += 0.0005) {
      const long = sequence('5555', 0.2 + shift, [0.04], [0.04]);
      assert.equal(detect(1, pressed(long)).length, 4, `40 ms tones shifted ${shift} s`);
      const short = sequence('5555', 0.2 + shift, [0.023, 0.02, 0.015, 0.01], [0.06]);
      assert.equal(detect(1, pressed(short)).length, 0, `short tones shifted ${shift} s`);
    }
  });

  test('a drop-out of 10 ms inside a tone is bridged; a pause of 40 ms separates two presses of the same key', () => {
    const bridged = [{ key: '8', st: 0.2, duration: 0.06 }, { key: '8', st: 0.27, duration: 0.06 }];
    assert.deepEqual(detect(1, pressed(bridged)).map((t) => t.digit), ['8']);
    const separate = [{ key: '8', st: 0.2, duration: 0.06 }, { key: '8', st: 0.3, duration: 0.06 }];
    assert.deepEqual(detect(1, pressed(separate)).map((t) => t.digit), ['8', '8']);
  });

  test('twist: the row tone up to 8 dB and the column tone up to 4 dB stronger pass; more does not', () => {
    const presses = sequence('159D', 0.2, [0.08], [0.08]);
    for (const twistDb of [7, 3, 0, -3]) assert.equal(keysOf(detect(1.5, pressed(presses, { twistDb }))), '159D', `twist ${twistDb} dB`);
    for (const twistDb of [11, -7]) assert.equal(detect(1.5, pressed(presses, { twistDb })).length, 0, `twist ${twistDb} dB`);
  });

  test('frequencies 1.5 % off are accepted; 3.5 % off are refused, in either group and direction', () => {
    const presses = sequence('1593*#AD', 0.2, [0.06], [0.06]);
    for (const error of [0.015, -0.015]) {
      assert.equal(keysOf(detect(2, pressed(presses, { rowError: error }))), '1593*#AD', `rows ${error}`);
      assert.equal(keysOf(detect(2, pressed(presses, { columnError: error }))), '1593*#AD', `columns ${error}`);
    }
    for (const error of [0.035, -0.035, 0.05]) {
      assert.equal(detect(2, pressed(presses, { rowError: error })).length, 0, `rows ${error}`);
      assert.equal(detect(2, pressed(presses, { columnError: error })).length, 0, `columns ${error}`);
    }
  });

  test('in white noise: keys of 40 ms at 15 dB SNR and of 60 ms at 10 dB SNR are all found', () => {
    let state = 7;
    // Near-Gaussian noise (a sum of four uniforms) of the given RMS.
    const noise = (rms: number) => () => {
      let v = 0;
      for (let k = 0; k < 4; k++) {
        state = (state * 1103515245 + 12345) & 0x7fffffff;
        v += state / 0x7fffffff - 0.5;
      }
      return rms * v * Math.sqrt(3);
    };
    for (const [snrDb, duration] of [[15, 0.04], [10, 0.06]]) {
      const presses = sequence('1234567890*#ABCD', 0.2, [duration], [0.06]);
      // Two tones of amplitude 0.2 carry 0.04 of power.
      const signal = sum(keypad(presses, { amplitude: 0.2 }), noise(Math.sqrt(0.04 / 10 ** (snrDb / 10))));
      assert.equal(keysOf(detect(lastEnd(presses), signal)), '1234567890*#ABCD', `${snrDb} dB SNR, keys of ${duration} s`);
    }
  });

  test('quiet tones (each at -40 dBFS) are found; a single tone, a chord of three and ringback are not keys', () => {
    const presses = sequence('2580', 0.2, [0.06], [0.06]);
    assert.equal(keysOf(detect(1, pressed(presses, { amplitude: 0.014 }))), '2580');
    const notKeys = sum(tone(697, 0.2, 0.2, 0.4), tone(1209, 0.2, 0.6, 0.8), tone(697, 0.2, 1, 1.2), tone(1209, 0.2, 1, 1.2), tone(1336, 0.2, 1, 1.2),
      tone(440, 0.2, 1.5, 2.5), tone(480, 0.2, 1.5, 2.5), hiss(0.003));
    assert.deepEqual(detect(3, notKeys), []);
  });
});

/** Hold-music-like sound: a melody and a second voice of plucked notes with harmonics, from C4 to C6. */
function music(seconds: number): Signal {
  const notes: { st: number; hz: number }[] = [];
  const scale = [0, 2, 4, 5, 7, 9, 11];
  let state = 3;
  for (let t = 0; t < seconds; t += 0.25) {
    for (const octave of [0, 1]) {
      state = (state * 48271) % 2147483647;
      const step = scale[state % 7] + 12 * ((state >> 3) % 2) + 12 * octave;
      notes.push({ st: t, hz: 261.63 * 2 ** (step / 12) });
    }
  }
  return (t) => {
    let v = 0;
    for (const note of notes) {
      const local = t - note.st;
      if (local < 0 || local > 0.6) continue;
      const envelope = 0.12 * Math.exp(-local * 5);
      for (let h = 1; h <= 4; h++) v += (envelope / h) * Math.sin(2 * Math.PI * note.hz * h * local);
    }
    return v;
  };
}

describe('keypad tones are not found where there are none', () => {
  test('no key in synthesised speech of many voices, real read speech, music or noise', () => {
    const lines = ['Thank you for calling, my name is Alex, how can I help you today', 'I would like to pay my bill with a card please',
      'Seven four nine two, one one eight six, and the expiry date is March', 'Beep boop, hmmmm, ohhhh, eeeee, la la la la la'];
    for (const voice of ['agent', 'customer'] as const) {
      for (const line of lines) {
        const clip = speak(voice, line);
        assert.deepEqual(detect(clip.length / RATE, (_, i) => clip[i] * 0.9), [], `${voice}: ${line}`);
      }
    }
    const real = realSpeech();
    assert.deepEqual(detect(real.length / RATE, (_, i) => real[i]), [], 'LibriVox read speech');
    assert.deepEqual(detect(30, sum(music(30), hiss(0.003))), [], 'music');
    assert.deepEqual(detect(10, hiss(0.5)), [], 'loud white noise');
  });
});

describe('keypad tones in a call', () => {
  const analyse = async (buffer: Buffer, channels: 1 | 2, dtmfDigits?: boolean) => {
    const analyser = new CallAnalyser({ sampleRate: RATE, channels, agentChannel: 0, dtmfDigits, speechModel: await speechModel() });
    for (let i = 0; i < buffer.length; i += 4093) await analyser.push(buffer.subarray(i, i + 4093));
    return analyser.finish();
  };

  test('keys are counted per role with their times; they are neither talk nor beeps; keys are left out unless asked for', async () => {
    const agent = sequence('0', 1, [0.3], [0]);
    const customer = sequence('123456789', 0.5, [0.06, 0.25], [0.08]);
    const buffer = pcm(3, pressed(agent), pressed(customer));
    const result = await analyse(buffer, 2);
    assert.equal(result.analytics.roles.agent!.dtmf.count, 1);
    assert.equal(result.analytics.roles.customer!.dtmf.count, 9);
    result.analytics.roles.customer!.dtmf.tones.forEach((t, i) => {
      assert.ok(Math.abs(t.t - customer[i].st) < 0.012 && Math.abs(t.duration - customer[i].duration) < 0.02, `${JSON.stringify(t)} for ${JSON.stringify(customer[i])}`);
    });
    assert.equal(result.basic.vad.agent, 0);
    assert.equal(result.basic.vad.customer, 0);
    assert.equal(result.basic.numbeepfound, 0);
    assert.ok(!JSON.stringify(result).includes('digit'), 'no key in the result by default');
    const withKeys = await analyse(buffer, 2, true);
    assert.deepEqual(withKeys.analytics.roles.customer!.dtmf.tones.map((t) => t.digit).join(''), '123456789');
    assert.equal(withKeys.analytics.roles.agent!.dtmf.tones[0].digit, '0');
  });

  test('the loudness of speech leaves out the keys pressed between words', async () => {
    const voice = (t: number) => (t >= 0.5 && t < 2 ? 0.03 * Math.sin(2 * Math.PI * 140 * t) * (1 + Math.sin(2 * Math.PI * 4 * t)) : 0);
    const keys = keypad(sequence('3141592653', 2.3, [0.08], [0.08]), { amplitude: 0.4 });
    const result = await analyse(pcm(4.5, sum(voice, keys, hiss(0.002))), 1);
    const speaker = result.analytics.roles.speaker1!;
    assert.equal(speaker.dtmf.count, 10);
    assert.ok(speaker.loudness!.p95Dbfs < -25, `speech loudness ${JSON.stringify(speaker.loudness)} (the keys are at about -11 dBFS)`);
    // The hum is not a voice to the speech model; what matters is that the keys add no talk.
    assert.ok(result.basic.vad.speaker1! <= 1.6, `talk ${result.basic.vad.speaker1} s`);
  });

  test('a mono call reports its keys under speaker1', async () => {
    const result = await analyse(pcm(2, pressed(sequence('#*', 0.5, [0.1], [0.2]))), 1);
    assert.equal(result.analytics.roles.speaker1!.dtmf.count, 2);
  });

  test('keys made by sox (another generator), as 8 kHz μ-law: every key, once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'oliver-sox-keys-'));
    try {
      const keys = '0123456789*#ABCD';
      const parts = [...keys].map((key, i) => {
        const [row, column] = KEY_FREQUENCIES[key];
        const part = join(dir, `${i}.wav`);
        // Each key 45-105 ms, then 45-85 ms of silence; -10 dB per tone.
        execFileSync('sox', ['-n', '-r', '8000', '-b', '16', '-c', '1', part, 'synth', String(0.045 + 0.02 * (i % 4)), 'sin', String(row), 'sin', String(column), 'remix', '-', 'gain', '-n', '-7', 'pad', '0.1', String(0.045 + 0.01 * (i % 5))]);
        return part;
      });
      const call = join(dir, 'keys-mulaw.wav');
      execFileSync('sox', [...parts, '-e', 'mu-law', call]);
      const result = await analyseFile(call, 1);
      assert.equal(result.analytics.roles.speaker1!.dtmf.count, keys.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const call = buildKeypadCall();
  const keyless = buildKeypadCall({ keys: false });
  for (const format of Object.keys(FORMATS)) {
    test(`keys over speech, in ${format}: counted exactly per role, the talk time unchanged`, async () => {
      const result = await analyseFile(call.files[format], 2);
      const reference = await analyseFile(keyless.files[format], 2);
      for (const role of ['agent', 'customer'] as const) {
        const found = result.analytics.roles[role]!.dtmf;
        assert.equal(found.count, call.keys[role].length, `${role}: ${JSON.stringify(found.tones)}`);
        found.tones.forEach((t, i) => assert.ok(Math.abs(t.t - call.keys[role][i].st) < 0.03, `${role} key ${i} at ${t.t}`));
        const talk = result.basic.vad[role]!;
        // The keys change the talk time by at most one 32 ms window of the speech model at each of the two utterances' ends.
        assert.ok(Math.abs(talk - reference.basic.vad[role]!) <= 0.07, `${role} talks ${talk} s with the keys, ${reference.basic.vad[role]} s without`);
        // Against the speech placed: 5%, but at least 0.15 s (the agent has one utterance of 1.7 s), and
        // 0.05 s more for the edges of the customer's two, which the model's score outlasts by 2 to 3 windows.
        assert.ok(Math.abs(talk - call.talk[role]) <= Math.max(0.05 * call.talk[role], 0.15) + 0.05, `${role} talks ${talk} s of ${call.talk[role]} s`);
      }
      assert.equal(result.basic.numbeepfound, 0);
    });
  }
});
