import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { OliverClient } from '../support/api';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { DnsResponder, RCODE } from '../support/dns-responder';
import { RunningService, startService } from '../support/service';

const CALL = { channels: 2, calldirection: 1 };
const MISSING = 'missing.recordings.test';
const FLAKY = 'flaky.recordings.test';

/**
 * The service resolves names through a DNS server of the test's own on a
 * loopback address, its only nameserver (resolv.conf bound over the system's
 * in the service's own mount namespace), which answers NXDOMAIN for one name
 * and SERVFAIL for another: no query leaves the machine.
 */
describe('a URL whose host name does not resolve', () => {
  let db: TestDatabase;
  let service: RunningService;
  let client: OliverClient;
  const dns = new DnsResponder((name) => (name === FLAKY ? RCODE.serverFailure : RCODE.nameError));

  before(async () => {
    await dns.start();
    db = await createTestDatabase('sqlite');
    service = await startService({ env: { ...db.env, JOB_ATTEMPTS: '3', JOB_BACKOFF_MS: '100' }, launcher: dns.withResolver() });
    client = await OliverClient.register(service);
  });
  after(async () => {
    await service?.stop();
    await dns.stop();
    await db?.drop();
  });

  test('NXDOMAIN: aborted at once (-2) with a message that names no host, no attempt retried', async () => {
    const submitted = await client.submitUrl({ ...CALL, url: `http://${MISSING}/calls/1.wav` });
    assert.equal(submitted.status, 200);
    const done = await client.settle(submitted.body.pid, 30_000, service.logs);
    assert.equal(done.status, -2);
    assert.equal(done.statusmsg, "Download failed: the recording's host name does not resolve");
    assert.ok(dns.questions.includes(MISSING), `the test's DNS server was asked (asked: ${dns.questions.join(', ')})`);
    assert.doesNotMatch(service.logs(), new RegExp(`Process ${submitted.body.pid} failed \\(attempt`), 'no retry');
    assert.match(service.logs(), new RegExp(`Process ${submitted.body.pid} aborted: Download failed: the recording's host name does not resolve`));
    const metrics = await (await fetch(`${service.url}/metrics`)).text();
    assert.match(metrics, /^oliver_process_failures_total\{outcome="aborted",reason="host_not_found"\} 1$/m);
  });

  test('SERVFAIL (EAI_AGAIN, the resolver cannot answer for now) is still retried, up to JOB_ATTEMPTS', async () => {
    const submitted = await client.submitUrl({ ...CALL, url: `http://${FLAKY}/calls/2.wav` });
    assert.equal(submitted.status, 200);
    const done = await client.settle(submitted.body.pid, 60_000, service.logs);
    assert.equal(done.status, -2);
    assert.equal(done.statusmsg, 'Processing failed after 3 attempts: Download failed: EAI_AGAIN');
    assert.match(service.logs(), new RegExp(`Process ${submitted.body.pid} failed \\(attempt 2 of 3\\), will retry`));
    // One lookup asks for A and AAAA; glibc may ask twice more when the server fails.
    assert.ok(dns.questions.filter((name) => name === FLAKY).length >= 3, `asked again on each attempt (asked: ${dns.questions.join(', ')})`);
  });
});
