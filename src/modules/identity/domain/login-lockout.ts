export interface LockoutPolicy {
  failuresBeforeLock: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** A streak with no failure for this long starts over. */
  streakExpirySeconds: number;
}

export interface Streak {
  consecutiveFailures: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export const isLocked = (streak: Streak, now: Date): boolean => streak.lockedUntil !== null && streak.lockedUntil > now;

/** Failures so far, forgetting a streak that went quiet. */
export function failuresSoFar(streak: Streak, now: Date, policy: LockoutPolicy): number {
  const quiet =
    streak.lastFailureAt && now.getTime() - streak.lastFailureAt.getTime() > policy.streakExpirySeconds * 1000;
  return quiet ? 0 : streak.consecutiveFailures;
}

/**
 * After `failuresBeforeLock` consecutive failures an address is locked, and every further
 * failure doubles the lock (30 s, 60 s, 120 s …, capped): slow enough to stop guessing,
 * short enough that an attacker cannot lock a real user out for long.
 * Returns when the lock ends, or null when the address stays open.
 */
export function lockUntil(
  consecutiveFailures: number,
  now: Date,
  policy: Pick<LockoutPolicy, 'failuresBeforeLock' | 'baseLockSeconds' | 'maxLockSeconds'>,
): Date | null {
  const over = consecutiveFailures - policy.failuresBeforeLock;
  if (over < 0) return null;
  const seconds = Math.min(policy.baseLockSeconds * 2 ** over, policy.maxLockSeconds);
  return new Date(now.getTime() + seconds * 1000);
}
