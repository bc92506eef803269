import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModuleRef } from '@nestjs/core';
import type { HandlerDiscovery, MarkedMethod } from '../../src/common/handler-discovery';
import type { Environment } from '../../src/config/environment';
import { JobWorker, MissingJobHandler } from '../../src/queue/jobs';
import { JOB_TYPES, jobId } from '../../src/queue/queue.constants';

const discovering = (methods: MarkedMethod<unknown>[]) => ({ methods: () => methods }) as unknown as HandlerDiscovery;
const consumed: string[] = [];
const modules = { get: () => ({ process: async (name: string) => void consumed.push(name) }) } as unknown as ModuleRef;
const env = { WORKER_CONCURRENCY: 2 } as Environment;
const handler = (name: string) => ({ name: `Handler.${name}`, mark: { name, options: { concurrency: () => 1 } }, call: () => undefined });

test('the worker refuses to start when a registered job type has no handler', () => {
  assert.throws(() => new JobWorker(discovering([]), modules, env).onApplicationBootstrap(), (error) => error instanceof MissingJobHandler && /analyse has 0 handlers/.test(error.message));
});

test('the worker refuses to start when a job type has two handlers', () => {
  assert.throws(() => new JobWorker(discovering([handler('analyse'), handler('analyse')]), modules, env).onApplicationBootstrap(), MissingJobHandler);
});

test('with one handler per type, each type is consumed', () => {
  const types = Object.keys(JOB_TYPES);
  assert.deepEqual(types, ['analyse', 'deliver-webhook']);
  new JobWorker(discovering(types.map(handler)), modules, env).onApplicationBootstrap();
  assert.deepEqual(consumed, types);
});

test('a missing handler of any type stops the start before any type is consumed', () => {
  consumed.length = 0;
  assert.throws(() => new JobWorker(discovering([handler('analyse')]), modules, env).onApplicationBootstrap(), /deliver-webhook has 0 handlers/);
  assert.deepEqual(consumed, []);
});

test('job ids name the type, so one process can have jobs of several types', () => {
  assert.equal(jobId('analyse', { pid: 42 }), 'analyse:42');
  assert.equal(jobId('deliver-webhook', { deliveryId: 42, deployment: 'd' }), 'deliver-webhook:42');
});
