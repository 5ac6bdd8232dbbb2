export interface StoredResponse {
  fingerprint: string;
  statusCode: number;
  body: unknown;
}

/** Stripe-style idempotency records; every call joins the unit of work of the request it protects. */
export abstract class IdempotencyStore {
  /** Takes the key for this transaction; false when a request with the same key is still running. */
  abstract tryLock(scope: string, key: string): Promise<boolean>;
  abstract find(scope: string, key: string): Promise<StoredResponse | null>;
  abstract save(scope: string, key: string, response: StoredResponse): Promise<void>;
  abstract pruneOlderThan(cutoff: Date): Promise<number>;
}
