import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicTask } from './periodic-task';

const SWEEP_EVERY_MS = 60_000;
/** Retentions are mostly set in days. */
export const DAY_MS = 86_400_000;

/**
 * A module's retention sweep: once a minute, in every instance, it deletes the records its module
 * keeps past their retention (the deletes are idempotent, so instances may overlap). `sweep()` runs
 * one now, for tests that move the clock instead of waiting.
 */
export abstract class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask<void>;

  protected constructor(module: string) {
    this.task = new PeriodicTask(`${module} housekeeping`, () => this.prune(), new Logger(module));
  }

  protected abstract prune(): Promise<void>;

  onApplicationBootstrap(): void {
    this.task.start(SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Runs one sweep now (or joins the one running). */
  sweep(): Promise<void> {
    return this.task.runNow();
  }
}
