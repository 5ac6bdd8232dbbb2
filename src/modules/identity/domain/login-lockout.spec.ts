import { describe, expect, it } from 'vitest';
import { lockUntil } from './login-lockout';

const policy = { failuresBeforeLock: 5, baseLockSeconds: 30, maxLockSeconds: 3_600 };
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
});
