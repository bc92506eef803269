import assert from 'node:assert/strict';
import { openAsBlob } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { createOliverClient, multipart, OliverClient, Process } from '../../sdk/src';
import { cli } from '../support/api';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { buildCallFixtures } from '../support/call-fixtures';
import { fixture } from '../support/fixtures';
import { RunningService, startService, waitFor } from '../support/service';

const { fixtures, truth } = buildCallFixtures();
const call = fixtures.find((f) => f.name === 'clean-stereo-call.mp3')!;

/** The generated SDK as an integrator would use it: typed paths, typed bodies, no hand-written URLs. */
describe('the generated TypeScript SDK against the running service', () => {
  let db: TestDatabase;
  let service: RunningService;
  let sdk: OliverClient;
  let cid: number;
  let submitted: Process;

  before(async () => {
    db = await createTestDatabase('postgres');
    service = await startService({ env: db.env });
    const [created] = await cli(service.env, 'client', 'create', '--name', 'SDK user');
    cid = created.cid;
    sdk = createOliverClient({ baseUrl: service.url, token: created.token });
  });
  after(async () => {
    await service?.stop();
    await db?.drop();
  });

  test('upload: 200 with the new process, typed', async () => {
    const { data, error, response } = await sdk.POST('/client/{cid}/process/audio', {
      params: { path: { cid }, query: { channels: 2, calldirection: 'incoming', agentId: 'agent-7', tag: 'sdk,typed' } },
      body: { file: new File([await openAsBlob(call.path)], 'call.mp3') },
      bodySerializer: multipart,
    });
    assert.equal(response.status, 200, JSON.stringify(error));
    submitted = data!;
    assert.equal(submitted.source, 'call.mp3');
    assert.equal(submitted.status, 0);
    assert.equal(submitted.statusmsg, 'Pending');
    assert.equal(submitted.agentId, 'agent-7');
    assert.deepEqual(submitted.tag, ['sdk', 'typed']);
  });

  test('poll to completion, then fetch the results', async () => {
    let process: Process | undefined;
    await waitFor(async () => {
      process = (await sdk.GET('/client/{cid}/process/{pid}', { params: { path: { cid, pid: submitted.pid } } })).data;
      return process?.status === 2;
    }, 30_000);
    assert.ok(Math.abs(process!.duration - truth.totalduration) < 0.1, `duration ${process!.duration}`);
    const { data: result, response } = await sdk.GET('/client/{cid}/process/{pid}/result', { params: { path: { cid, pid: submitted.pid } } });
    assert.equal(response.status, 200);
    assert.ok(Math.abs(result!.basic.totalduration - truth.totalduration) < 0.1);
    assert.equal(result!.core.diarization.agent!.length, truth.utterances.agent.length);
    assert.equal(result!.analytics.interruptions.length, truth.interruptions.length);
  });

  test('a URL submission and the list with its filters and X-Total-Count', async () => {
    const byUrl = await sdk.POST('/client/{cid}/process/url', {
      params: { path: { cid }, query: { channels: 2, calldirection: '2', url: 'http://127.0.0.1:9/call-1.wav', agentId: 'agent-8' } },
    });
    assert.equal(byUrl.response.status, 200);
    assert.equal(byUrl.data!.mode, 1);
    const { data, response } = await sdk.GET('/client/{cid}/process', { params: { path: { cid }, query: { agentId: 'agent-7', pageSize: 10 } } });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-total-count'), '1');
    assert.deepEqual(data!.map((p) => p.pid), [submitted.pid]);
    const all = await sdk.GET('/client/{cid}/process', { params: { path: { cid } } });
    assert.equal(all.response.headers.get('x-total-count'), '2');
  });

  test('the client record and the status', async () => {
    const me = await sdk.GET('/client/{cid}', { params: { path: { cid } } });
    assert.equal(me.data!.cid, cid);
    assert.equal(me.data!.name, 'SDK user');
    const status = await sdk.GET('/status');
    assert.equal(status.response.status, 200);
  });

  test('error paths come back as the contract\'s error body', async () => {
    const missing = await sdk.GET('/client/{cid}/process/{pid}', { params: { path: { cid, pid: 999_999 } } });
    assert.equal(missing.response.status, 404);
    assert.deepEqual(missing.error, { code: 404, message: 'Process with pid 999999 not found' });

    const invalid = await sdk.POST('/client/{cid}/process/audio', {
      params: { path: { cid }, query: { channels: 1, calldirection: '1' } },
      body: { file: new File([await openAsBlob(fixture('pcm.wav').path)], 'pcm.wav') },
      bodySerializer: multipart,
    });
    assert.equal(invalid.response.status, 400);
    assert.equal(invalid.error!.message, 'channels is 1 but the file has 2 channels');

    const anonymous = createOliverClient({ baseUrl: service.url });
    const refused = await anonymous.GET('/client/{cid}/process', { params: { path: { cid } } });
    assert.equal(refused.response.status, 401);
    assert.equal(refused.error!.code, 401);

    const stranger = createOliverClient({ baseUrl: service.url, token: 'olv_not-a-real-token' });
    const forbidden = await stranger.GET('/client/{cid}', { params: { path: { cid } } });
    assert.equal(forbidden.response.status, 401);
  });
});
