import { describe, expect, it } from 'vitest';
import { failuresSoFar, isLocked, lockUntil } from './login-lockout';

const policy = { failuresBeforeLock: 5, baseLockSeconds: 30, maxLockSeconds: 3_600, streakExpirySeconds: 86_400 };
const now = new Date('2026-01-01T00:00:00Z');
const secondsLocked = (failures: number) => {
  const until = lockUntil(failures, now, policy);
  return until ? (until.getTime() - now.getTime()) / 1000 : 0;
};

describe('login lockout', () => {
  it('leaves an account open below the threshold', () => expect(secondsLocked(4)).toBe(0));
  it('locks for the base time at the threshold and doubles with each further failure', () =>
    expect([5, 6, 7, 8].map(secondsLocked)).toEqual([30, 60, 120, 240]));
  it('never locks for more than the cap', () => expect(secondsLocked(40)).toBe(3_600));
  it('forgets a streak that went quiet for the expiry time', () => {
    const streak = { consecutiveFailures: 4, lockedUntil: null, lastFailureAt: new Date(now.getTime() - 86_401_000) };
    expect(failuresSoFar(streak, now, policy)).toBe(0);
    expect(failuresSoFar({ ...streak, lastFailureAt: now }, now, policy)).toBe(4);
  });
  it('is locked strictly before the lock ends', () => {
    expect(
      isLocked({ consecutiveFailures: 5, lockedUntil: new Date(now.getTime() + 1), lastFailureAt: now }, now),
    ).toBe(true);
    expect(isLocked({ consecutiveFailures: 5, lockedUntil: now, lastFailureAt: now }, now)).toBe(false);
  });
});
