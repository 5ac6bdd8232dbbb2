import { Logger } from '@nestjs/common';
import { InProcessQueue } from '../../../platform/queue/in-process-queue';
import { DeliveryQueue } from '../application/ports/delivery-queue';

/** Batches (of up to 50 deliveries) waiting at most; past that the dispatcher runs what it can and the sweep has the rest. */
const MAX_WAITING_BATCHES = 1_000;

/**
 * The fast path of a single instance (no Redis): jobs wait in this process. A crash loses them,
 * as a Redis flush loses BullMQ's; the dispatcher's sweep finds their deliveries in PostgreSQL.
 */
export class InProcessDeliveryQueue extends DeliveryQueue {
  private readonly logger = new Logger('GovernanceBus');
  private readonly jobs = new InProcessQueue<string[]>({
    maxWaiting: MAX_WAITING_BATCHES,
    onFailure: (error) => this.logger.debug(`delivery job: ${error.message}`),
  });

  async enqueue(batches: readonly string[][], delayMs = 0): Promise<boolean> {
    return this.jobs.add(batches.map((deliveryIds) => ({ data: deliveryIds, delayMs })));
  }

  async enqueueRecovered(deliveryIds: readonly string[]): Promise<boolean> {
    return this.jobs.add(deliveryIds.map((deliveryId) => ({ data: [deliveryId], id: `recover-${deliveryId}` })));
  }

  consume(work: (deliveryIds: string[]) => Promise<void>, concurrency: number): void {
    this.jobs.process(work, concurrency);
  }

  close(): Promise<void> {
    return this.jobs.close(5_000);
  }
}
