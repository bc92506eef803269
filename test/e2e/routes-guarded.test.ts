import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { NestFactory } from '@nestjs/core';
import { ApiModule } from '../../src/app.modules';
import { validateEnvironment } from '../../src/config/environment';
import { configureHttpApp, secureHttpApp, serveDocs } from '../../src/http-app';
import { createTestDatabase, TestDatabase } from '../support/databases';
import { tempDir, uniquePrefix } from '../support/service';

/** Routes anyone may call (status, health probes, metrics, the documentation), the queue dashboard, which has its own admin credential, and signed links, whose signature is theirs. Everything else needs a token. */
const OPEN = [/^\/status$/, /^\/health\//, /^\/metrics$/, /^\/docs/, /^\/admin\/queues/, /^\/shared\//];

describe('every registered route but /status, the health probes and the docs requires a token', () => {
  let db: TestDatabase;
  let app: NestExpressApplication;
  let url: string;

  before(async () => {
    db = await createTestDatabase('sqlite');
    Object.assign(process.env, db.env, { STORAGE_DIR: tempDir('audio'), QUEUE_PREFIX: uniquePrefix(), ROLE: 'api', UNKNOWN_TOKEN_RATE_LIMIT: '1000' });
    app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger: ['error'] });
    configureHttpApp(app);
    secureHttpApp(app, validateEnvironment(process.env));
    serveDocs(app);
    await app.listen(0, '127.0.0.1');
    url = await app.getUrl();
  });
  after(async () => {
    await app?.close();
    await db?.drop();
  });

  test('walks the router', async () => {
    // Express's router internals are untyped; this reads them as the routes they are.
    const express = app.getHttpAdapter().getInstance() as unknown as Record<'router' | '_router', { stack: unknown[] } | undefined>;
    const layers = (express.router ?? express._router)!.stack as { route?: { path: string; methods: Record<string, boolean> } }[];
    // Middleware applied to every path (the request logger) shows up as a wildcard route; it is no endpoint.
    const routes = layers.filter((l) => l.route && !l.route.path.includes('*')).flatMap((l) => Object.keys(l.route!.methods).map((m) => ({ method: m.toUpperCase(), path: l.route!.path })));
    assert.ok(routes.length >= 8, JSON.stringify(routes));
    let guarded = 0;
    for (const { method, path } of routes) {
      if (OPEN.some((open) => open.test(path))) continue;
      const concrete = path.replace(':cid', '1').replace(':pid', '1').replace(':wid', '1').replace(':did', '1');
      const response = await fetch(`${url.replace('[::1]', '127.0.0.1')}${concrete}`, { method });
      assert.equal(response.status, 401, `${method} ${path} answered ${response.status} without a token`);
      guarded++;
    }
    assert.equal(guarded, 18);
  });
});
