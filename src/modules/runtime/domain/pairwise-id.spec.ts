import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pairwiseId } from './pairwise-id';

describe('pairwise ids', () => {
  const key = randomBytes(32);
  const user = '0196b0c6-0000-7000-8000-000000000001';
  const [bikes, maps] = ['0196b0c6-0000-7000-8000-0000000000a1', '0196b0c6-0000-7000-8000-0000000000a2'];

  it('is the same for a user in one mini-app every time', () =>
    expect(pairwiseId(key, bikes, user)).toBe(pairwiseId(key, bikes, user)));

  it('differs between mini-apps and between users, and never holds the user id', () => {
    const id = pairwiseId(key, bikes, user);
    expect(pairwiseId(key, maps, user)).not.toBe(id);
    expect(pairwiseId(key, bikes, '0196b0c6-0000-7000-8000-000000000002')).not.toBe(id);
    expect(id).not.toContain(user);
    expect(id).toMatch(/^[\w-]{43}$/);
  });

  it('cannot be computed without the platform key', () =>
    expect(pairwiseId(randomBytes(32), bikes, user)).not.toBe(pairwiseId(key, bikes, user)));

  it('is a new id, unrelated to the earlier ones, each time the user makes the platform forget the mini-app', () => {
    const ids = [0, 1, 2].map((generation) => pairwiseId(key, bikes, user, generation));
    expect(new Set(ids).size).toBe(3);
    expect(ids[0]).toBe(pairwiseId(key, bikes, user));
    expect(pairwiseId(key, bikes, user, 1)).toBe(ids[1]);
  });
});
