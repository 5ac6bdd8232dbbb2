/** The fast path: a job per delivery that some instance's worker picks up at once. */
export abstract class DeliveryQueue {
  /** Enqueues the deliveries (after `delayMs`); false when the queue is unreachable (the caller then runs them itself). */
  abstract enqueue(deliveryIds: readonly string[], delayMs?: number): Promise<boolean>;
  /** Starts taking jobs; each is handed to `work`. */
  abstract consume(work: (deliveryId: string) => Promise<void>, concurrency: number): void;
  abstract close(): Promise<void>;
}
