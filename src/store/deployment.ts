import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';

/**
 * Which deployment this node belongs to: the id its database was given when
 * it was made (the `deployment` table). Jobs carry it (AnalyseJobData.deployment).
 */
@Injectable()
export class Deployment implements OnModuleInit {
  private readonly logger = new Logger(Deployment.name);
  private ownId?: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly env: Environment,
  ) {}

  /** The deployment's id, a UUID; read at start. */
  get id(): string {
    if (!this.ownId) throw new Error('The deployment id is read at start, before any job');
    return this.ownId;
  }

  async onModuleInit(): Promise<void> {
    const rows = (await this.dataSource.query('SELECT id FROM deployment')) as { id: string }[];
    if (rows.length !== 1) throw new Error(`The deployment table holds ${rows.length} rows instead of one`);
    this.ownId = rows[0].id;
    // The embedded database is one machine's own; a shared PostgreSQL usually comes with a shared Redis.
    if (this.env.DATABASE_URL && this.env.QUEUE_PREFIX === new Environment().QUEUE_PREFIX) {
      this.logger.warn(
        `QUEUE_PREFIX is the default "${this.env.QUEUE_PREFIX}": another deployment on the same Redis with the same prefix shares this queue, ` +
          `and its workers would take this deployment's jobs and hand them back (deployment ${this.ownId}). Give each deployment a QUEUE_PREFIX of its own`,
      );
    }
  }
}
