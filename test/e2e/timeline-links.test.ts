import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { buildCallFixtures } from '../support/call-fixtures';
import { DATABASE_KINDS, sql } from '../support/databases';
import { serviceOn } from '../support/e2e-service';
import { RunningService, startService } from '../support/service';

const { fixtures } = buildCallFixtures();
const stereo = fixtures.find((f) => f.name === 'clean-stereo-pcm.wav')!;

for (const kind of DATABASE_KINDS) {
  describe(`signed timeline links, ${kind}`, () => {
    const running = serviceOn(kind);
    /** A second API node on the same database: it must accept the links the first one signed. */
    let other: RunningService;
    let pid: number;
    let link: string;

    before(async () => {
      const { service, api } = running;
      other = await startService({ role: 'api', env: { ...running.db.env }, storageDir: service.storageDir, queuePrefix: service.env.QUEUE_PREFIX });
      const submitted = await api.submitFile(stereo.path, { channels: 2, calldirection: 2, agentId: 'A-17 <Ana & Bo>', calltime: '2026-05-14T09:30:00Z' });
      pid = submitted.body.pid;
      assert.equal((await api.settle(pid, 120_000)).status, 2);
      link = (await api.result(pid)).body.links.timeline;
    });
    after(async () => {
      await other?.stop();
    });

    /** The link as sent (path and query), fetched from a node with no token. */
    const open = (path: string, node = running.service) => fetch(`${node.url}${path}`);

    const refusedLike = async (response: Response) => {
      assert.equal(response.status, 403);
      assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
      assert.deepEqual(await response.json(), { code: 403, message: 'The link is not valid or has expired; read the result again for a new one' });
    };

    test('the result links a signed, expiring URL that carries no token', () => {
      const { cid, token } = running.api;
      const match = new RegExp(`^/shared/client/${cid}/process/${pid}/timeline\\.svg\\?expires=(\\d+)&signature=([A-Za-z0-9_-]{43})$`).exec(link);
      assert.ok(match, link);
      assert.ok(!link.includes(token));
      const expiresIn = Number(match[1]) - Date.now() / 1000;
      assert.ok(expiresIn > 3600 - 300 && expiresIn <= 3600 + 5, `expires in ${expiresIn} s, one hour by default`);
    });

    test('a browser without a token gets the picture, headed with agent, time and direction, from either API node', async () => {
      for (const node of [running.service, other]) {
        const response = await open(link, node);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
        const svg = await response.text();
        assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        assert.match(svg, new RegExp(`class="heading">Process ${pid} · Outgoing call · agent A-17 &#60;Ana &#38; Bo&#62; · 2026-05-14T09:30:00Z · `));
        assert.match(svg, />Interruption<\/text>/);
      }
    });

    test('an altered link is refused with 403 and the contract body, and says nothing of why', async () => {
      const [path, query] = link.split('?');
      const params = new URLSearchParams(query);
      const signature = params.get('signature')!;
      const expires = params.get('expires')!;
      const flipped = signature.slice(0, -2) + (signature.at(-2) === 'A' ? 'B' : 'A') + signature.at(-1);
      const variants = [
        `${path}?expires=${expires}&signature=${flipped}`,
        `${path}?expires=${Number(expires) + 3600}&signature=${signature}`,
        `${path.replace(`/process/${pid}/`, `/process/${pid + 1}/`)}?${query}`,
        `${path.replace(`/client/${running.api.cid}/`, `/client/${running.api.cid + 1}/`)}?${query}`,
        `${path}?expires=${expires}`,
        path,
        `${path}?expires=${expires}&signature=${signature}&signature=${signature}`,
        `${path}?expires=${expires}&signature=${signature.slice(0, 20)}`,
      ];
      for (const variant of variants) await refusedLike(await open(variant));
    });

    test('an expired link is refused; one signed with the key kept in the database and a later expiry opens', async () => {
      const [{ secret }] = await sql<{ secret: string }>(running.db, 'SELECT secret FROM link_signing_key');
      assert.match(secret, /^[0-9a-f]{64}$/);
      const signed = (expires: number) => {
        const mac = createHmac('sha256', Buffer.from(secret, 'hex')).update(`timeline\n${running.api.cid}\n${pid}\n${expires}`).digest('base64url');
        return `/shared/client/${running.api.cid}/process/${pid}/timeline.svg?expires=${expires}&signature=${mac}`;
      };
      const now = Math.floor(Date.now() / 1000);
      await refusedLike(await open(signed(now - 1)));
      await refusedLike(await open(signed(now - 86_400)));
      assert.equal((await open(signed(now + 120))).status, 200);
    });

    test('the token route keeps working, and wants its token', async () => {
      const { api } = running;
      const path = `/client/${api.cid}/process/${pid}/timeline.svg`;
      const withToken = await api.get(path);
      assert.equal(withToken.status, 200);
      assert.equal(withToken.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      assert.equal((await api.get(path, {})).status, 401);
      // An error is JSON, not labelled as a picture.
      const missing = await api.get(`/client/${api.cid}/process/${pid + 1000}/timeline.svg`);
      assert.equal(missing.status, 404);
      assert.match(missing.headers.get('content-type') ?? '', /^application\/json/);
      // Another client's token does not reach this client's call, nor does its signed link.
      const stranger = await OliverClient.register(running.service, 'Another client');
      assert.equal((await stranger.get(path)).status, 403);
    });
  });
}
