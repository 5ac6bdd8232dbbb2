import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { redisConnectionOptions } from '../../../platform/queue/queue.module';
import { SCAN_JOB, ScanQueue } from '../application/ports/scan-queue';

const QUEUE = 'review-scans';

/** BullMQ: one job per version, its id the version's, so a version queued twice is scanned once. */
@Injectable()
export class BullMqScanQueue extends ScanQueue implements OnApplicationShutdown {
  private readonly logger = new Logger('Review');
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker?: Worker;

  constructor(@Inject(APP_CONFIG) private readonly config: PlatformConfig) {
    super();
    this.connection = new Redis({
      ...redisConnectionOptions(config),
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      connectTimeout: 2_000,
    });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(QUEUE, { connection: this.connection, prefix: `${config.REDIS_KEY_PREFIX}bull` });
    this.queue.on('error', () => undefined);
  }

  async enqueue(versionId: string): Promise<void> {
    if (this.connection.status !== 'ready') return;
    await this.queue
      .add(
        'scan',
        { versionId },
        {
          jobId: versionId,
          removeOnComplete: true,
          removeOnFail: 100,
          attempts: SCAN_JOB.attempts,
          backoff: { type: 'exponential', delay: SCAN_JOB.backoffMs },
        },
      )
      .catch((error: Error) => {
        this.logger.warn(`scan of ${versionId} not queued (${error.message}); the sweep will queue it`);
      });
  }

  consume(scan: (versionId: string) => Promise<void>): void {
    this.worker = new Worker<{ versionId: string }>(QUEUE, (job) => scan(job.data.versionId), {
      connection: { ...redisConnectionOptions(this.config), maxRetriesPerRequest: null },
      prefix: `${this.config.REDIS_KEY_PREFIX}bull`,
      concurrency: SCAN_JOB.concurrency,
    });
    this.worker.on('error', (error) => this.logger.debug(`scan worker: ${error.message}`));
    this.worker.on('failed', (job, error) =>
      this.logger.warn(`scan of ${job?.data.versionId} failed (attempt ${job?.attemptsMade}): ${error.message}`),
    );
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }

  async close(): Promise<void> {
    const within = (ms: number, work?: Promise<unknown>) =>
      Promise.race([work?.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    await within(this.connection.status === 'ready' ? 5_000 : 200, this.worker?.close());
    await within(1_000, this.queue.close());
    this.connection.disconnect();
  }
}
