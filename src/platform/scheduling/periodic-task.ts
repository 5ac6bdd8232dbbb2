import type { Logger } from '@nestjs/common';

/**
 * Work a module repeats on a timer in every instance (sweeps, expiries, sealing): never two runs at
 * once in one process, a failure logged and tried again at the next tick, and a stop that waits
 * for the run in flight. The timer does not keep the process alive.
 */
export class PeriodicTask<T> {
  private timer?: NodeJS.Timeout;
  private running?: Promise<T>;

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<T>,
    private readonly logger: Logger,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(
      () => void this.runNow().catch((error: Error) => this.logger.warn(`${this.name} failed: ${error.message}`)),
      intervalMs,
    );
    this.timer.unref();
  }

  /** Runs now, or joins the run already in flight. */
  runNow(): Promise<T> {
    this.running ??= this.work().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
