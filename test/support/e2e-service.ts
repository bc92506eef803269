import { after, before } from 'node:test';
import { OliverClient } from './api';
import { createTestDatabase, DatabaseKind, TestDatabase } from './databases';
import { RunningService, startService } from './service';

export interface E2eService {
  db: TestDatabase;
  service: RunningService;
  /** A client registered on the service. */
  api: OliverClient;
}

/**
 * For the tests of one describe block: a fresh database of the kind, the
 * whole service on it and a registered client, all removed afterwards.
 * The fields are set once the block's `before` has run.
 */
export function serviceOn(kind: DatabaseKind, env: Record<string, string> = {}): E2eService {
  const running = {} as E2eService;
  before(async () => {
    running.db = await createTestDatabase(kind);
    running.service = await startService({ env: { ...running.db.env, ...env } });
    running.api = await OliverClient.register(running.service);
  });
  after(async () => {
    await running.service?.stop();
    await running.db?.drop();
  });
  return running;
}
