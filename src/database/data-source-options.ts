import { makeDirectorySync } from '../common/make-directory';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { Environment } from '../config/environment';
import { ProcessResultEntity } from '../store/process-result.entity';
import { ProcessEntity } from '../store/process.entity';
import { ClientEntity } from '../authenticate/client.entity';
import { CreateProcesses1764000000000 } from './migrations/1764000000000-create-processes';
import { CreateClients1764000000001 } from './migrations/1764000000001-create-clients';
import { CreateIdempotencyKeys1764000000002 } from './migrations/1764000000002-create-idempotency-keys';
import { IndexKeptAudio1764000000003 } from './migrations/1764000000003-index-kept-audio';
import { ResultAnalysisVersion1764000000005 } from './migrations/1764000000005-result-analysis-version';
import { CreateDeployment1764000000006 } from './migrations/1764000000006-create-deployment';
import { TimezoneMinutes1764000000007 } from './migrations/1764000000007-timezone-minutes';
import { CreateLinkSigningKey1764000000008 } from './migrations/1764000000008-create-link-signing-key';
import { CreateWebhooks1764000000010 } from './migrations/1764000000010-create-webhooks';
import { WebhookAttemptEntity, WebhookDeliveryEntity, WebhookEndpointEntity } from '../webhooks/webhook.entities';
import { CreateProcessEvents1764000000009 } from './migrations/1764000000009-create-process-events';
import { ProcessEventEntity } from '../events/process-event.entity';
import { ProcessErasureAndRuns1764000000011 } from './migrations/1764000000011-process-erasure-and-runs';
import { ClientRetention1764000000012 } from './migrations/1764000000012-client-retention';
import { IdempotencyKeyEntity } from '../store/idempotency-key.entity';
import { UnrecordedAudioEntity } from '../store/unrecorded-audio.entity';
import { RecordSubmissionsAtomically1764000000004 } from './migrations/1764000000004-record-submissions-atomically';

export const ENTITIES = [ProcessEntity, ProcessResultEntity, ClientEntity, IdempotencyKeyEntity, UnrecordedAudioEntity, ProcessEventEntity, WebhookEndpointEntity, WebhookDeliveryEntity, WebhookAttemptEntity];
export const MIGRATIONS = [CreateProcesses1764000000000, CreateClients1764000000001, CreateIdempotencyKeys1764000000002, IndexKeptAudio1764000000003, RecordSubmissionsAtomically1764000000004, ResultAnalysisVersion1764000000005, CreateDeployment1764000000006, TimezoneMinutes1764000000007, CreateLinkSigningKey1764000000008, CreateProcessEvents1764000000009, CreateWebhooks1764000000010, ProcessErasureAndRuns1764000000011, ClientRetention1764000000012];

/** How long a SQLite write waits for another connection's write lock before SQLITE_BUSY (API and worker share the file). */
export const SQLITE_BUSY_TIMEOUT_MS = 5000;

/** PostgreSQL when DATABASE_URL is set, else the embedded SQLite file. Schema only through migrations. */
export function dataSourceOptions(env: Environment): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, migrationsRun: true, synchronize: false } as const;
  if (env.DATABASE_URL) {
    return { ...common, type: 'postgres', url: env.DATABASE_URL, connectTimeoutMS: 3000, extra: { max: 20, connectionTimeoutMillis: 3000 } };
  }
  if (env.SQLITE_PATH !== ':memory:') makeDirectorySync(dirname(env.SQLITE_PATH));
  return {
    ...common,
    type: 'better-sqlite3',
    database: env.SQLITE_PATH,
    // WAL lets readers run beside the writer; busy_timeout covers API and worker sharing the file.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
    },
  };
}
