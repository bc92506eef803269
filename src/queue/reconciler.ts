import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, SetMetadata } from '@nestjs/common';
import { HandlerDiscovery } from '../common/handler-discovery';
import { PeriodicPass } from '../common/periodic-pass';
import { Environment } from '../config/environment';

const RECONCILE_STAGE = 'oliver:reconcile-stage';

/**
 * A stage of the pipeline that can find work it should have but lost (a
 * crash between a commit and the Redis write after it, a Redis that lost its
 * data) and put it back. Each pass must be safe on several nodes at once.
 */
export interface ReconcileStage {
  /** Puts lost work back; returns how many items it put back. Handles its own errors. */
  reconcile(): Promise<number>;
}

/** Marks a provider as a stage the reconciler asks on every pass. */
export const Reconciles = (): ClassDecorator => SetMetadata(RECONCILE_STAGE, true);

/**
 * Every RECONCILE_INTERVAL_MS, asks each stage (`@Reconciles()`) to put back
 * the work it lost. Runs in the worker.
 */
@Injectable()
export class Reconciler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Reconciler.name);
  private readonly passes: PeriodicPass<number>;
  private stages: ReconcileStage[] = [];

  constructor(
    private readonly discovery: HandlerDiscovery,
    env: Environment,
  ) {
    this.passes = new PeriodicPass(() => this.pass(), env.RECONCILE_INTERVAL_MS);
  }

  onApplicationBootstrap(): void {
    this.stages = this.discovery.instances<ReconcileStage>(RECONCILE_STAGE);
    this.passes.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.passes.stop();
  }

  private async pass(): Promise<number> {
    let putBack = 0;
    for (const stage of this.stages) {
      try {
        putBack += await stage.reconcile();
      } catch (error) {
        this.logger.warn(`Reconciling ${stage.constructor.name} stopped early: ${(error as Error).message}`);
      }
    }
    return putBack;
  }
}
