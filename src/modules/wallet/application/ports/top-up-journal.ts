export type TopUpStatus = 'pending' | 'succeeded' | 'declined';

export interface TopUpRecord {
  id: string;
  userId: string;
  idempotencyKey: string;
  instrumentId: string;
  providerToken: string | null;
  /** What the statement says it came from, e.g. `visa •••• 4242`. */
  description: string;
  amount: bigint;
  currency: string;
  status: TopUpStatus;
  chargeId: string | null;
  declineReason: string | null;
  transferId: string | null;
  createdAt: Date;
}

export type NewTopUp = Pick<
  TopUpRecord,
  'id' | 'userId' | 'idempotencyKey' | 'instrumentId' | 'providerToken' | 'description' | 'amount' | 'currency'
>;

/** Top-ups from before the charge to their outcome; the money itself moves in the ledger. */
export abstract class TopUpJournal {
  /**
   * Journals the top-up, committed at once (outside the unit of work), before the card is charged.
   * A second request with the same key gets the first one's record back, whatever it was for.
   */
  abstract open(topUp: NewTopUp): Promise<TopUpRecord>;
  /** The top-up a request with this key started, if any. */
  abstract findByRequest(userId: string, idempotencyKey: string): Promise<TopUpRecord | null>;
  /** The record, locked until the unit of work ends: one finisher at a time. */
  abstract lock(id: string): Promise<TopUpRecord | null>;
  abstract resolve(
    id: string,
    outcome:
      { status: 'succeeded'; chargeId: string; transferId: string } | { status: 'declined'; declineReason: string },
  ): Promise<void>;
  /** Pending top-ups opened before `openedBefore` and due for an attempt, oldest first, skipping those someone is finishing. */
  abstract lockStale(openedBefore: Date, limit: number): Promise<string[]>;
  /** A recovery attempt failed: the next one waits `baseDelayMs`, doubled per earlier failure, at most an hour (committed on its own). */
  abstract deferRecovery(id: string, baseDelayMs: number): Promise<void>;
  /** Forgets top-ups resolved before `before` (their transfers stay in the ledger). */
  abstract pruneResolvedBefore(before: Date, limit: number): Promise<number>;
  /** Whether the user has a top-up whose charge is not settled yet. */
  abstract hasPending(userId: string): Promise<boolean>;
}
