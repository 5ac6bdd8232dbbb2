import { describe, expect, it } from 'vitest';
import { checkSpending } from './spending-limits';

const limits = { perTransaction: 10_000n, daily: 25_000n };

describe('spending limits', () => {
  it('lets an amount within both limits through', () => {
    expect(checkSpending(10_000n, 15_000n, limits)).toBeNull();
  });

  it('refuses one movement above the per-transaction limit', () => {
    expect(checkSpending(10_001n, 0n, limits)).toEqual({ limit: 'per-transaction', max: 10_000n });
  });

  it('refuses what would take the last 24 hours over the daily limit, saying what is left', () => {
    expect(checkSpending(5_000n, 21_000n, limits)).toEqual({ limit: 'daily', remaining: 4_000n });
  });
});
