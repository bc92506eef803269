import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { execFileSync } from 'node:child_process';
import { cli, CLI, OliverClient } from '../support/api';
import { createTestDatabase, DATABASE_KINDS, sql, TestDatabase } from '../support/databases';
import { fixture } from '../support/fixtures';
import { RunningService, startService, tempDir, uniquePrefix, waitFor } from '../support/service';
import { WebhookReceiver } from '../support/webhook-receiver';

/** Loopback receivers are let through the URL guard, as an internal receiver would be; retries come fast. */
const WEBHOOK_ENV = { URL_ALLOWED_NETWORKS: '127.0.0.0/8', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_RETRY_MAX_DELAY_MS: '1000', RECONCILE_INTERVAL_MS: '1000' };

const post = (client: OliverClient, path: string, body?: unknown) =>
  fetch(`${client.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'x-auth-token': client.token, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (r.status === 204 ? undefined : await r.json()) as any }));

async function register(client: OliverClient, url: string, events = ['process.completed', 'process.failed']) {
  const made = await post(client, `/client/${client.cid}/webhooks`, { url, events });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body as { id: number; secret: string };
}

async function submit(client: OliverClient): Promise<number> {
  const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1 });
  assert.equal(submitted.status, 200);
  return submitted.body.pid;
}

const deliveries = async (client: OliverClient, pid: number) => {
  const listed = await client.get(`/client/${client.cid}/process/${pid}/deliveries`);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  return listed.body as { id: number; endpointId: number; webhookId: string; state: string; attempts: { statusCode?: number; latencyMs: number; error?: string }[] }[];
};

for (const kind of DATABASE_KINDS) {
  describe(`webhooks (${kind})`, () => {
    let db: TestDatabase;
    let service: RunningService;
    let client: OliverClient;
    let other: OliverClient;
    const receiver = WebhookReceiver.make();

    before(async () => {
      db = await createTestDatabase(kind);
      service = await startService({ env: { ...db.env, ...WEBHOOK_ENV, WEBHOOK_SECRETS_KEY: 'a-test-key-of-at-least-thirty-two-characters' } });
      client = await OliverClient.register(service);
      other = await OliverClient.register(service, 'Another client');
    });
    after(async () => {
      await (await receiver).stop();
      await service?.stop();
      await db?.drop();
    });

    test('retried while the receiver is down or failing, then delivered once, signed with the secret, with one webhook-id', async () => {
      const hooks = await receiver;
      const endpoint = await register(client, hooks.url);
      assert.match(endpoint.secret, /^whsec_[A-Za-z0-9+/]+=*$/);
      const listed = await client.get(`/client/${client.cid}/webhooks`);
      assert.equal(listed.body[0].secret, undefined, 'a secret is shown only once');

      // The receiver is down: attempts fail and are recorded.
      const pid = await submit(client);
      assert.equal((await client.settle(pid)).status, 2);
      await waitFor(async () => ((await deliveries(client, pid))[0]?.attempts.length ?? 0) >= 2, 20_000);
      const [down] = await deliveries(client, pid);
      assert.equal(down.state, 'pending');
      assert.ok(down.attempts.every((a) => a.statusCode === undefined && a.error === 'ECONNREFUSED'), JSON.stringify(down));

      // Up, but failing twice, then taking it.
      hooks.answer = (_hook, index) => (index < 2 ? 500 : 204);
      await hooks.start();
      await waitFor(async () => (await deliveries(client, pid))[0].state === 'delivered', 20_000);
      const [delivered] = await deliveries(client, pid);
      assert.deepEqual(delivered.attempts.slice(-3).map((a) => a.statusCode), [500, 500, 204]);
      assert.equal(hooks.received.length, 3);
      assert.ok(hooks.received.every((h) => h.headers['webhook-id'] === delivered.webhookId), 'every attempt of one event carries the same webhook-id');

      const last = hooks.received[2];
      const payload = new Webhook(endpoint.secret).verify(last.body, last.headers) as { type: string; data: Record<string, unknown> };
      assert.equal(payload.type, 'process.completed');
      assert.deepEqual(payload.data, (await client.process(pid)).body, 'the process as the poll route returns it');
      assert.throws(() => new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`).verify(last.body, last.headers), 'another secret does not verify');

      const history = await client.get(`/client/${client.cid}/process/${pid}/history`);
      const attempts = history.body.steps.filter((s: { event: string }) => s.event === 'webhook.attempted');
      assert.ok(attempts.length >= 5);
      assert.equal(attempts.at(-1).detail.statusCode, 204);

      // A second event gets a webhook-id of its own.
      const second = await submit(client);
      await waitFor(async () => (await deliveries(client, second))[0]?.state === 'delivered', 20_000);
      assert.notEqual((await deliveries(client, second))[0].webhookId, delivered.webhookId);
    });

    test('a redelivery sends the same webhook-id again; a rotated secret signs beside the old one', async () => {
      const hooks = await receiver;
      const pid = Number((await sql<{ pid: number }>(db, 'SELECT pid FROM processes ORDER BY pid LIMIT 1'))[0].pid);
      const [delivery] = await deliveries(client, pid);
      const [{ id: wid }] = (await client.get(`/client/${client.cid}/webhooks`)).body;
      const rotated = await post(client, `/client/${client.cid}/webhooks/${wid}/rotate-secret`);
      assert.equal(rotated.status, 200);
      assert.ok(rotated.body.previousSecretValidUntil);
      const before = hooks.received.length;
      const again = await post(client, `/client/${client.cid}/process/${pid}/deliveries/${delivery.id}/redeliver`);
      assert.equal(again.status, 202, JSON.stringify(again.body));
      await waitFor(() => hooks.received.length > before, 20_000);
      const resent = hooks.received[before];
      assert.equal(resent.headers['webhook-id'], delivery.webhookId);
      assert.equal(resent.headers['webhook-signature'].split(' ').length, 2);
      new Webhook(rotated.body.secret).verify(resent.body, resent.headers);
      await waitFor(async () => (await deliveries(client, pid))[0].state === 'delivered', 20_000);
    });

    test('410 Gone disables the endpoint: later events are not sent to it', async () => {
      const gone = await WebhookReceiver.make();
      gone.answer = () => 410;
      await gone.start();
      try {
        const endpoint = await register(client, gone.url);
        const pid = await submit(client);
        await waitFor(async () => (await deliveries(client, pid)).some((d) => d.endpointId === endpoint.id && d.state === 'failed'), 20_000);
        const listed = (await client.get(`/client/${client.cid}/webhooks`)).body.find((e: { id: number }) => e.id === endpoint.id);
        assert.ok(listed.disabledAt, JSON.stringify(listed));
        assert.equal(gone.received.length, 1);
        const next = await submit(client);
        await client.settle(next);
        await waitFor(async () => (await deliveries(client, next)).some((d) => d.state === 'delivered'), 20_000);
        assert.ok(!(await deliveries(client, next)).some((d) => d.endpointId === endpoint.id));
        assert.equal(gone.received.length, 1);
        assert.equal((await post(client, `/client/${client.cid}/webhooks/${endpoint.id}/enable`)).status, 200);
      } finally {
        await gone.stop();
      }
    });

    test('an erased process is announced as process.deleted, and its earlier deliveries keep nothing of the call', async () => {
      const hooks = await receiver;
      const endpoint = await register(client, hooks.url, ['process.completed', 'process.deleted']);
      const submitted = await client.submitFile(fixture('pcm.wav').path, { channels: 2, calldirection: 1, agentId: 'agent-to-forget', customerId: 'customer-to-forget' });
      assert.equal(submitted.status, 200);
      const pid = submitted.body.pid as number;
      await client.settle(pid);
      await waitFor(async () => (await deliveries(client, pid)).some((d) => d.endpointId === endpoint.id && d.state === 'delivered'), 20_000);
      const sent = hooks.received.filter((h) => JSON.parse(h.body).data.pid === pid);
      assert.match(sent[0].body, /agent-to-forget/, 'the completed delivery carried the process as polled');

      assert.equal((await client.erase(pid)).status, 204);
      await waitFor(async () => (await deliveries(client, pid)).some((d) => d.endpointId === endpoint.id && d.state === 'delivered' && hooks.received.some((h) => h.headers['webhook-id'] === d.webhookId && JSON.parse(h.body).type === 'process.deleted')), 20_000);
      const deleted = hooks.received.find((h) => JSON.parse(h.body).type === 'process.deleted' && JSON.parse(h.body).data.pid === pid)!;
      const payload = new Webhook(endpoint.secret).verify(deleted.body, deleted.headers) as { data: Record<string, unknown> };
      assert.deepEqual(payload.data, { pid, id: pid, cid: client.cid });
      const bodies = await sql<{ body: string }>(db, 'SELECT body FROM webhook_deliveries WHERE pid = ?', [pid]);
      assert.ok(bodies.length >= 2);
      assert.ok(bodies.every((row) => !/to-forget/.test(row.body)), 'no personal field left in any delivery of the erased process');
    });

    test('the URL guard refuses private, metadata and malformed addresses; bad events are a 400', async () => {
      for (const url of ['http://10.1.2.3/hooks', 'http://169.254.169.254/latest/meta-data', 'http://[fd00::1]/hooks', 'ftp://example.com/x', 'not a url']) {
        const refused = await post(client, `/client/${client.cid}/webhooks`, { url, events: ['process.completed'] });
        assert.equal(refused.status, 400, url);
        assert.equal(refused.body.details[0].field, 'url');
      }
      const badEvents = await post(client, `/client/${client.cid}/webhooks`, { url: 'http://127.0.0.1:9/x', events: ['process.started'] });
      assert.equal(badEvents.status, 400);
      // Each field is told the first rule it breaks.
      const told = async (body: unknown) => (await post(client, `/client/${client.cid}/webhooks`, body)).body.details.map((d: { message: string }) => d.message);
      assert.deepEqual(await told({}), ['url is required', 'events is required']);
      assert.deepEqual(await told({ url: 12, events: ['process.completed'] }), ['url must be a string']);
      assert.deepEqual(await told({ url: 'http://127.0.0.1:9/x', events: 'process.completed' }), ['events must be an array of event names']);
      assert.deepEqual(await told({ url: 'http://127.0.0.1:9/x', events: [] }), ['events must list one or more of process.completed, process.failed, process.deleted']);
    });

    test('routes are sealed to their client', async () => {
      const pid = Number((await sql<{ pid: number }>(db, 'SELECT pid FROM processes ORDER BY pid LIMIT 1'))[0].pid);
      assert.equal((await other.get(`/client/${other.cid}/process/${pid}/deliveries`)).status, 404);
      assert.equal((await other.get(`/client/${client.cid}/process/${pid}/deliveries`)).status, 403);
      assert.deepEqual((await other.get(`/client/${other.cid}/webhooks`)).body, []);
      const [{ id: wid }] = (await client.get(`/client/${client.cid}/webhooks`)).body;
      assert.equal((await post(other, `/client/${other.cid}/webhooks/${wid}/rotate-secret`)).status, 404);
      const [delivery] = await deliveries(client, pid);
      assert.equal((await post(other, `/client/${other.cid}/process/${pid}/deliveries/${delivery.id}/redeliver`)).status, 404);
    });

    test('secrets are sealed in the database; the command line registers, lists, rotates and removes endpoints', async () => {
      const hooks = await receiver;
      const [made] = await cli(service.env, 'webhook', 'create', '--cid', String(client.cid), '--url', hooks.url, '--events', 'process.deleted');
      assert.match(made.secret, /^whsec_/);
      const stored = await sql<{ secret: string }>(db, 'SELECT secret FROM webhook_endpoints WHERE id = ?', [made.id]);
      assert.match(stored[0].secret, /^sealed:v1:/);
      assert.ok(!stored[0].secret.includes(made.secret.slice(6)));
      assert.ok((await cli(service.env, 'webhook', 'list', '--cid', String(client.cid))).some((e: any) => e.id === made.id && e.secret === undefined));
      const [rotated] = await cli(service.env, 'webhook', 'rotate-secret', '--cid', String(client.cid), '--id', String(made.id));
      assert.notEqual(rotated.secret, made.secret);
      assert.deepEqual(await cli(service.env, 'webhook', 'remove', '--cid', String(client.cid), '--id', String(made.id)), [{ removed: made.id }]);
      assert.throws(
        () => execFileSync(process.execPath, [CLI, 'webhook', 'create', '--cid', String(client.cid), '--url', 'http://10.0.0.8/x', '--events', 'process.failed'], { env: { PATH: process.env.PATH ?? '', ...service.env }, stdio: 'pipe' }),
        (error: { status: number; stderr: Buffer }) => error.status === 1 && /url may not point at internal addresses/.test(error.stderr.toString()),
      );
    });
  });
}

describe('a node killed between the commit and the send', () => {
  const prefix = uniquePrefix();
  const storageDir = tempDir('audio');
  let db: TestDatabase;
  let api: RunningService;
  let worker: RunningService | undefined;
  let client: OliverClient;
  let hooks: WebhookReceiver;

  before(async () => {
    db = await createTestDatabase('sqlite');
    hooks = await WebhookReceiver.make();
    await hooks.start();
    api = await startService({ role: 'api', env: { ...db.env, ...WEBHOOK_ENV }, queuePrefix: prefix, storageDir });
    client = await OliverClient.register(api);
    await register(client, hooks.url);
  });
  after(async () => {
    await worker?.stop();
    await api?.stop();
    await hooks.stop();
    await db?.drop();
  });

  test('a worker killed while sending: the next worker sends it again, with the same webhook-id', async () => {
    hooks.answer = (_hook, index) => (index === 0 ? 'hang' : 204);
    const env = { ...db.env, ...WEBHOOK_ENV, JOB_LOCK_MS: '2000' };
    worker = await startService({ role: 'worker', env, queuePrefix: prefix, storageDir });
    const pid = await submit(client);
    await waitFor(() => hooks.received.length === 1, 30_000);
    await worker.stop('SIGKILL');
    worker = await startService({ role: 'worker', env, queuePrefix: prefix, storageDir });
    await waitFor(async () => (await deliveries(client, pid))[0]?.state === 'delivered', 30_000);
    assert.equal(hooks.received.length, 2);
    assert.equal(hooks.received[0].headers['webhook-id'], hooks.received[1].headers['webhook-id']);
  });

  test('an event committed by a node killed before it announced it is delivered by the next pass', async () => {
    await worker!.stop('SIGKILL');
    worker = undefined;
    const [{ pid, cid }] = await sql<{ pid: number; cid: number }>(db, 'SELECT pid, cid FROM processes ORDER BY pid LIMIT 1');
    // What the crash leaves: the transition and its outbox row committed, nothing sent, nobody told.
    await sql(db, "UPDATE processes SET status = -2, statusmsg = 'Processing failed: test' WHERE pid = ?", [pid]);
    await sql(db, "INSERT INTO process_events (pid, cid, type, at, data) VALUES (?, ?, 'process.failed', ?, '{}')", [pid, cid, Date.now()]);
    const before = hooks.received.length;
    worker = await startService({ role: 'worker', env: { ...db.env, ...WEBHOOK_ENV }, queuePrefix: prefix, storageDir });
    await waitFor(() => hooks.received.length > before, 30_000);
    const sent = JSON.parse(hooks.received[before].body);
    assert.equal(sent.type, 'process.failed');
    assert.equal(sent.data.pid, Number(pid));
    assert.equal(sent.data.status, -2);
  });
});
