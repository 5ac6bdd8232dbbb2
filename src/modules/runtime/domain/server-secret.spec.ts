import { describe, expect, it } from 'vitest';
import { newServerSecret, secretHash, secretMatches } from './server-secret';

describe('server secrets', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const [current, previous] = [newServerSecret(), newServerSecret()];
  const stored = {
    secretHash: secretHash(current),
    previousSecretHash: secretHash(previous),
    previousValidUntil: new Date(now.getTime() + 1_000),
  };

  it('are 256 random bits behind a prefix, never the same twice', () => {
    expect(current).toMatch(/^sk_[\w-]{43}$/);
    expect(current).not.toBe(previous);
  });

  it('match the current secret, and the previous one until its grace ends', () => {
    expect(secretMatches(stored, current, now)).toBe(true);
    expect(secretMatches(stored, previous, now)).toBe(true);
    expect(secretMatches(stored, previous, new Date(now.getTime() + 1_000))).toBe(false);
    expect(secretMatches(stored, current, new Date(now.getTime() + 86_400_000))).toBe(true);
  });

  it('match nothing else', () => {
    expect(secretMatches(stored, newServerSecret(), now)).toBe(false);
    expect(secretMatches(stored, '', now)).toBe(false);
    expect(secretMatches({ ...stored, previousSecretHash: null, previousValidUntil: null }, previous, now)).toBe(false);
  });
});
