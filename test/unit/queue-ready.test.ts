import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import type { Queue } from 'bull';
import type { Environment } from '../../src/config/environment';
import type { Deployment } from '../../src/store/deployment';
import { ProcessQueue } from '../../src/queue/process-queue';

/** A queue whose Redis connection is still being made, as at a worker's start. */
function connectingQueue() {
  const client = Object.assign(new EventEmitter(), { status: 'connecting' });
  const queue = { client, isReady: async () => queue };
  return { client, processQueue: new ProcessQueue(queue as unknown as Queue, { id: 'a-deployment' } as Deployment, {} as Environment) };
}

test('untilReady waits for the connection, not only for Bull\'s scripts', async () => {
  const { client, processQueue } = connectingQueue();
  let settled = false;
  const ready = processQueue.untilReady(5000).then(() => (settled = true));
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(settled, false, 'resolved while Redis was still connecting');
  client.status = 'ready';
  client.emit('ready');
  await ready;
  assert.equal(settled, true);
});

test('untilReady gives up after its time limit with a message that says so', async () => {
  const { processQueue } = connectingQueue();
  await assert.rejects(processQueue.untilReady(100), /Redis was not ready within 100 ms/);
});

test('untilReady reports a connection error at once', async () => {
  const { client, processQueue } = connectingQueue();
  const ready = processQueue.untilReady(5000);
  client.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6390'));
  await assert.rejects(ready, /ECONNREFUSED/);
});
