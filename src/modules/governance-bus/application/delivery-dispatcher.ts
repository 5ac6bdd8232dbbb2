import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { DeliveryRunner } from './delivery-runner';
import { DeliveryQueue } from './ports/delivery-queue';
import { OutboxStore } from './ports/outbox-store';
import { SubscriberRegistry } from './subscriber-registry';

/**
 * Moves deliveries along. Fast path: a job per batch of deliveries right after commit (BullMQ on
 * Redis, or in this process for a single instance). PostgreSQL is the source of truth, so a
 * sweeper also looks there on a timer, for deliveries the fast path lost (Redis flushed or down,
 * a process killed after commit), retries that came due, and claims whose worker died. When the
 * queue cannot take a job, this instance runs it itself.
 */
/** Deliveries per job: one claim statement and one commit each. */
export const DELIVERY_BATCH_SIZE = 50;
/**
 * At most one job sent per this many ms (unless a batch fills): a delivery committed after a quiet
 * spell goes at once, and under load the deliveries of the window travel together.
 */
const COALESCE_MS = 5;

/** Batches run at once by one instance: each holds a database connection, and the API keeps at least half of the pool. */
export const deliveryConcurrency = (
  config: Pick<PlatformConfig, 'BUS_WORKER_CONCURRENCY' | 'DATABASE_POOL_SIZE'>,
): number => Math.max(1, Math.min(config.BUS_WORKER_CONCURRENCY, Math.floor(config.DATABASE_POOL_SIZE / 2)));

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

@Injectable()
export class DeliveryDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('GovernanceBus');
  private sweeper?: NodeJS.Timeout;
  private readonly buffer: string[] = [];
  private flushTimer?: NodeJS.Timeout;
  private lastFlush = 0;
  private sweeping = false;
  private lastPrune = 0;
  /** Batches running now, from the queue's worker and from the local fallback alike. */
  private running = 0;
  private stopped = false;
  private readonly concurrency: number;

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly runner: DeliveryRunner,
    private readonly store: OutboxStore,
    private readonly subscribers: SubscriberRegistry,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.concurrency = deliveryConcurrency(config);
  }

  onApplicationBootstrap(): void {
    if (this.concurrency < this.config.BUS_WORKER_CONCURRENCY) {
      this.logger.warn(
        `BUS_WORKER_CONCURRENCY=${this.config.BUS_WORKER_CONCURRENCY} would take more than half of DATABASE_POOL_SIZE=${this.config.DATABASE_POOL_SIZE}; running ${this.concurrency}`,
      );
    }
    this.queue.consume((ids) => this.runAndFollow(ids), this.concurrency);
    this.sweeper = setInterval(() => void this.sweep(), this.config.BUS_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.flush();
    this.stopped = true;
    clearInterval(this.sweeper);
    await this.queue.close();
  }

  /**
   * Hands committed deliveries to the fast path, in batches (one job, one claim, one commit per
   * batch); never throws: the sweeper is the safety net.
   */
  dispatch(deliveryIds: readonly string[], delayMs = 0): void {
    if (!deliveryIds.length || this.stopped) return;
    if (delayMs > 0) return this.send(chunks(deliveryIds, DELIVERY_BATCH_SIZE), delayMs);
    // Deliveries committed within the same few milliseconds travel together: one job, one claim, one commit.
    this.buffer.push(...deliveryIds);
    if (this.flushTimer) {
      if (this.buffer.length >= DELIVERY_BATCH_SIZE) this.flush();
      return;
    }
    const quietFor = performance.now() - this.lastFlush;
    if (quietFor >= COALESCE_MS || this.buffer.length >= DELIVERY_BATCH_SIZE) this.flush();
    else this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS - quietFor);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.lastFlush = performance.now();
    const ids = this.buffer.splice(0);
    if (ids.length) this.send(chunks(ids, DELIVERY_BATCH_SIZE), 0);
  }

  private send(batches: string[][], delayMs: number): void {
    void this.queue.enqueue(batches, delayMs).then(
      (queued) => queued || this.runLocally(batches),
      () => this.runLocally(batches),
    );
  }

  /** One sweep: give back expired claims, push due deliveries, now and then prune old ones. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      await this.store.reclaimExpiredLeases();
      // A delivery waiting in a backlog still has its job; only one waiting longer than this is taken as lost.
      const due = await this.store.due(500, this.config.BUS_RECOVERY_AFTER_MS, this.subscribers.ids());
      if (due.length) {
        const queued = await this.queue.enqueueRecovered(due).catch(() => false);
        if (!queued) this.runLocally(chunks(due, DELIVERY_BATCH_SIZE));
      }
      if (Date.now() - this.lastPrune > 60_000) {
        this.lastPrune = Date.now();
        await this.store.prune(new Date(Date.now() - this.config.BUS_RETENTION_HOURS * 3_600_000));
      }
    } catch (error) {
      this.logger.warn(`sweep failed: ${(error as Error).message}`);
    } finally {
      this.sweeping = false;
    }
  }

  private async runAndFollow(deliveryIds: readonly string[]): Promise<void> {
    this.running++;
    try {
      const outcome = await this.runner.run(deliveryIds);
      for (const { deliveryId, delayMs } of outcome.retries) this.dispatch([deliveryId], delayMs);
      this.dispatch(outcome.next);
    } finally {
      this.running--;
    }
  }

  private runLocally(batches: readonly string[][]): void {
    // Bounded together with the worker (one budget of connections); what does not fit now waits for the next sweep.
    for (const batch of batches) {
      if (this.running >= this.concurrency || this.stopped) return;
      void this.runAndFollow(batch).catch((error: Error) =>
        this.logger.warn(`deliveries ${batch.join(',')} failed to run: ${error.message}`),
      );
    }
  }
}
