/** The fast path: a job per batch of deliveries that some instance's worker picks up at once. */
export abstract class DeliveryQueue {
  /** Enqueues one job per batch (after `delayMs`); false when the queue is unreachable (the caller then runs them itself). */
  abstract enqueue(batches: readonly string[][], delayMs?: number): Promise<boolean>;
  /**
   * Enqueues recovered deliveries one job each, under a job id per delivery: a delivery the
   * sweeper finds again while its recovery job still waits is not queued twice.
   */
  abstract enqueueRecovered(deliveryIds: readonly string[]): Promise<boolean>;
  /** Starts taking jobs; each batch is handed to `work`. */
  abstract consume(work: (deliveryIds: string[]) => Promise<void>, concurrency: number): void;
  abstract close(): Promise<void>;
}
