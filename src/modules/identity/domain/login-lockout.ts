export interface LockoutPolicy {
  failuresBeforeLock: number;
  baseLockSeconds: number;
  maxLockSeconds: number;
}

/**
 * After `failuresBeforeLock` consecutive failures an account is locked, and every further
 * failure doubles the lock (30 s, 60 s, 120 s …, capped): slow enough to stop guessing,
 * short enough that an attacker cannot lock a real user out for long.
 * Returns when the lock ends, or null when the account stays open.
 */
export function lockUntil(consecutiveFailures: number, now: Date, policy: LockoutPolicy): Date | null {
  const over = consecutiveFailures - policy.failuresBeforeLock;
  if (over < 0) return null;
  const seconds = Math.min(policy.baseLockSeconds * 2 ** over, policy.maxLockSeconds);
  return new Date(now.getTime() + seconds * 1000);
}
