export interface FailureStreak {
  consecutiveFailures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

/** Failed-login streaks per e-mail hash, known address or not. Joins the caller's unit of work. */
export abstract class LoginThrottleRepository {
  /**
   * Reads the streak and holds its row until the unit of work ends: attempts on one address
   * are checked one after another, so parallel guesses cannot all slip in under the threshold.
   */
  abstract lockStreak(emailHash: string): Promise<FailureStreak>;
  abstract saveStreak(emailHash: string, consecutiveFailures: number, lockedUntil: Date | null): Promise<void>;
  abstract clear(emailHash: string): Promise<void>;
  /** Deletes streaks last changed before `cutoff` whose lock (if any) has passed too; returns how many. */
  abstract pruneIdleBefore(cutoff: Date, limit: number): Promise<number>;
}
