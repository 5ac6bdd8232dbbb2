import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { DeliveryRunner } from './delivery-runner';
import { DeliveryQueue } from './ports/delivery-queue';
import { OutboxStore } from './ports/outbox-store';
import { SubscriberRegistry } from './subscriber-registry';
import { within } from './within';
import { WorkerSlots } from './worker-slots';

/**
 * Moves deliveries along. Fast path: deliveries committed in this process for its own subscribers
 * run on this instance's free worker slots right after commit, as many per batch as gathered
 * while the slots were busy (no round trip to a queue); what waits beyond a batch per slot goes to
 * the queue (BullMQ on Redis, or in this process for a single instance), where any instance's
 * worker takes it, as do retries and the operators' resubmissions. PostgreSQL is the source of
 * truth, so a sweeper also looks there on a timer, for deliveries the fast path lost (Redis
 * flushed or down, a process killed after commit), retries that came due, and claims whose worker
 * died. When the queue cannot take a job, this instance runs it itself.
 */
/** Deliveries per batch at most: one claim statement and one commit each. */
export const DELIVERY_BATCH_SIZE = 50;
/**
 * While more than half of the slots are busy, deliveries gather this long at most (or until a batch is
 * full) before a batch starts: under load, fewer and larger batches (one claim and one commit each).
 */
const GATHER_MS = 5;
/** How long a shutdown waits for the batches running here (BullMQ's worker waits as long for its jobs). */
const LOCAL_BATCHES_GRACE_MS = 5_000;

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
  /** Committed here, waiting for a free slot of this instance. */
  private readonly waiting: string[] = [];
  /** Beyond this many waiting, the newest go to the queue (another instance may have a free slot). */
  private readonly maxWaiting: number;
  private readonly slots: WorkerSlots;
  private readonly runningHere = new Set<Promise<void>>();
  private gathering?: NodeJS.Timeout;
  private sweeping = false;
  private lastPrune = 0;
  private stopped = false;
  /**
   * Batches run in the context the dispatcher was made in, not in the publisher's request that
   * committed them (its trace, its correlation id on the bus's log lines).
   */
  private readonly root = new AsyncResource('DeliveryDispatcher');

  constructor(
    private readonly queue: DeliveryQueue,
    private readonly runner: DeliveryRunner,
    private readonly store: OutboxStore,
    private readonly subscribers: SubscriberRegistry,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    const concurrency = deliveryConcurrency(config);
    this.slots = new WorkerSlots(concurrency, () => this.pump());
    this.maxWaiting = concurrency * DELIVERY_BATCH_SIZE;
  }

  onApplicationBootstrap(): void {
    if (this.slots.size < this.config.BUS_WORKER_CONCURRENCY) {
      this.logger.warn(
        `BUS_WORKER_CONCURRENCY=${this.config.BUS_WORKER_CONCURRENCY} would take more than half of DATABASE_POOL_SIZE=${this.config.DATABASE_POOL_SIZE}; running ${this.slots.size}`,
      );
    }
    this.queue.consume(async (ids) => {
      await this.slots.take();
      try {
        await this.runAndFollow(ids);
      } finally {
        this.slots.give();
      }
    }, this.slots.size);
    this.sweeper = setInterval(() => void this.sweep(), this.config.BUS_SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.sweeper);
    clearTimeout(this.gathering);
    // What waits here goes to the queue, where another instance takes it at once (or the sweep finds it).
    const waiting = this.waiting.splice(0);
    if (waiting.length) await this.queue.enqueue(chunks(waiting, DELIVERY_BATCH_SIZE)).catch(() => false);
    await within(LOCAL_BATCHES_GRACE_MS, Promise.allSettled(this.runningHere));
    await this.queue.close();
  }

  /**
   * Deliveries of this process's subscribers, just committed: run here as soon as a slot is free.
   * Never throws: the sweeper is the safety net.
   */
  dispatch(deliveryIds: readonly string[]): void {
    if (!deliveryIds.length || this.stopped) return;
    this.waiting.push(...deliveryIds);
    this.pump();
  }

  /** Deliveries for any instance's worker, through the queue (after `delayMs`); never throws. */
  enqueue(deliveryIds: readonly string[], delayMs = 0): void {
    if (!deliveryIds.length || this.stopped) return;
    const batches = chunks(deliveryIds, DELIVERY_BATCH_SIZE);
    void this.queue.enqueue(batches, delayMs).then(
      (queued) => queued || this.runLocally(batches),
      () => this.runLocally(batches),
    );
  }

  /**
   * Free slots take what waits, a batch each (once most slots are busy: a full batch, or what gathered in
   * GATHER_MS); whole batches beyond `maxWaiting` go to the queue.
   */
  private pump(gathered = false): void {
    while (
      this.waiting.length &&
      !this.stopped &&
      (gathered || !this.slots.mostlyBusy || this.waiting.length >= DELIVERY_BATCH_SIZE) &&
      this.slots.tryTake()
    )
      this.runInSlot(this.waiting.splice(0, DELIVERY_BATCH_SIZE));
    if (this.waiting.length && !this.gathering && !this.stopped)
      this.gathering = setTimeout(() => {
        this.gathering = undefined;
        this.pump(true);
      }, GATHER_MS);
    const overflow = this.waiting.length - this.maxWaiting;
    if (overflow >= DELIVERY_BATCH_SIZE)
      this.enqueue(this.waiting.splice(this.waiting.length - overflow + (overflow % DELIVERY_BATCH_SIZE)));
  }

  /** Runs a batch on a slot already taken, and gives the slot back. */
  private runInSlot(batch: string[]): void {
    const run = this.root
      .runInAsyncScope(() => this.runAndFollow(batch))
      .catch((error: Error) => this.logger.warn(`deliveries ${batch.join(',')} failed to run: ${error.message}`))
      .finally(() => {
        this.runningHere.delete(run);
        this.slots.give();
      });
    this.runningHere.add(run);
  }

  /** One sweep: give back expired claims, push due deliveries, now and then prune old ones. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      await this.store.reclaimExpiredLeases();
      // A delivery waiting in a backlog still waits here or has its job; only one waiting longer than this is taken as lost.
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
    const outcome = await this.runner.run(deliveryIds);
    for (const { deliveryId, delayMs } of outcome.retries) this.enqueue([deliveryId], delayMs);
    this.dispatch(outcome.next);
  }

  private runLocally(batches: readonly string[][]): void {
    // On the same slots as everything else; what does not fit now waits for the next sweep.
    for (const batch of batches) {
      if (this.stopped || !this.slots.tryTake()) return;
      this.runInSlot(batch);
    }
  }
}
