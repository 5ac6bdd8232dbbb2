/** What the bus reports besides what the store can count on a scrape. */
export abstract class BusMetrics {
  /** A delivery completed; latency is from the event's commit to the subscriber's. */
  abstract completed(subscriber: string, latencySeconds: number): void;
  abstract retried(subscriber: string): void;
  abstract deadLettered(subscriber: string): void;
}
