import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { redisConnectionOptions } from '../../../platform/queue/queue.module';
import { DeliveryQueue } from '../application/ports/delivery-queue';
import { within } from '../application/within';

/**
 * Deliveries live in the database of the process that runs their subscriber: processes that run
 * other modules (MODULES) and share Redis must not take each other's jobs.
 */
const queueOf = (config: PlatformConfig): string =>
  config.MODULES ? `bus-deliveries-${[...config.MODULES].sort().join('+')}` : 'bus-deliveries';

/** BullMQ on Redis. The producer side fails fast when Redis is away, so publishing never waits on it. */
@Injectable()
export class BullMqDeliveryQueue extends DeliveryQueue {
  private readonly logger = new Logger('GovernanceBus');
  private readonly producerConnection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    super();
    const options = redisConnectionOptions(config);
    this.producerConnection = new Redis({
      ...options,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
    });
    this.producerConnection.on('error', () => undefined); // reported by the readiness check and the fallback
    this.queue = new Queue(queueOf(config), { connection: this.producerConnection, prefix: this.prefix });
    this.queue.on('error', () => undefined);
  }

  private get prefix(): string {
    return `${this.config.REDIS_KEY_PREFIX}bull`;
  }

  async enqueue(batches: readonly string[][], delayMs = 0): Promise<boolean> {
    if (this.producerConnection.status !== 'ready') return false;
    await this.queue.addBulk(
      batches.map((deliveryIds) => ({
        name: 'deliver',
        data: { deliveryIds },
        opts: { delay: delayMs, removeOnComplete: true, removeOnFail: true, attempts: 1 },
      })),
    );
    return true;
  }

  async enqueueRecovered(deliveryIds: readonly string[]): Promise<boolean> {
    if (this.producerConnection.status !== 'ready') return false;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => ({
        name: 'deliver',
        data: { deliveryIds: [deliveryId] },
        opts: { jobId: `recover-${deliveryId}`, removeOnComplete: true, removeOnFail: true, attempts: 1 },
      })),
    );
    return true;
  }

  consume(work: (deliveryIds: string[]) => Promise<void>, concurrency: number): void {
    this.worker = new Worker<{ deliveryIds: string[] }>(queueOf(this.config), (job) => work(job.data.deliveryIds), {
      connection: { ...redisConnectionOptions(this.config), maxRetriesPerRequest: null },
      prefix: this.prefix,
      concurrency,
      autorun: true,
    });
    this.worker.on('error', (error) => this.logger.debug(`queue worker: ${error.message}`));
  }

  /** Lets running jobs finish; bounded, because with Redis away BullMQ's close would wait for it forever. */
  async close(): Promise<void> {
    const reachable = this.producerConnection.status === 'ready';
    await within(reachable ? 5_000 : 200, this.worker?.close());
    await within(1_000, this.queue.close());
    await within(1_000, this.worker?.close(true));
    this.producerConnection.disconnect();
  }
}
