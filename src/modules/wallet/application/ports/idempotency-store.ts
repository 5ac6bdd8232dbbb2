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
  /**
   * `tryLock` and `find` for many keys in one statement, in their order. The stored answers are
   * read as of the statement's start: one committed in between is caught by `saveAll`, which
   * then fails on the key's uniqueness (the caller runs those requests again, one at a time).
   */
  abstract takeAll(keys: ReadonlyArray<{ scope: string; key: string }>): Promise<Array<{ taken: boolean; stored: StoredResponse | null }>>;
  abstract saveAll(answers: ReadonlyArray<{ scope: string; key: string; response: StoredResponse }>): Promise<void>;
  abstract pruneOlderThan(cutoff: Date): Promise<number>;
}
