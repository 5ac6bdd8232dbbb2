import { describe, expect, it } from 'vitest';
import { formatEpsilon, parseEpsilon } from '../../../shared/kernel/epsilon';
import { budgetPeriodOf, canSpend } from './privacy-budget';
import { cryptoRandomInt } from './random-int';
import { K_THRESHOLD, releaseCounts } from './safe-release';

describe('safe release of counts', () => {
  it('withholds every count below k = 10 and releases the rest', () => {
    const released = releaseCounts(
      [
        { key: 'a', count: 0 },
        { key: 'b', count: 9 },
        { key: 'c', count: 10 },
        { key: 'd', count: 500 },
      ],
      1,
      1000,
      cryptoRandomInt,
    );
    expect(K_THRESHOLD).toBe(10);
    expect(released.values.map((v) => v.value === null)).toEqual([true, true, false, false]);
    expect(released.values[0]).toEqual({ key: 'a', value: null, withheld: 'fewer-than-k' });
  });

  it('adds noise of scale Δ/ε, and never shows a negative count', () => {
    expect(releaseCounts([{ key: 'a', count: 10 }], 31, 1000, cryptoRandomInt).scale).toBe('31');
    expect(releaseCounts([{ key: 'a', count: 10 }], 7, 500, cryptoRandomInt).scale).toBe('14');
    expect(releaseCounts([{ key: 'a', count: 10 }], 1, 3000, cryptoRandomInt).scale).toBe('0.333');
    const wide = releaseCounts(
      Array.from({ length: 100 }, (_, i) => ({ key: String(i), count: 10 })),
      1_000,
      1,
      cryptoRandomInt,
    );
    for (const v of wide.values) expect(v.value).toBeGreaterThanOrEqual(0);
    expect(wide.values.filter((v) => v.value === 0).length).toBeGreaterThan(10);
  });

  it('takes only counts of people: non-negative integers', () => {
    expect(() => releaseCounts([{ key: 'a', count: 10.5 }], 1, 1000, cryptoRandomInt)).toThrow(RangeError);
    expect(() => releaseCounts([{ key: 'a', count: -1 }], 1, 1000, cryptoRandomInt)).toThrow(RangeError);
    expect(() => releaseCounts([{ key: 'a', count: 10 }], 0, 1000, cryptoRandomInt)).toThrow(RangeError);
  });

  it('noises each released count on its own, around the true count', () => {
    const counts = Array.from({ length: 200 }, (_, i) => ({ key: String(i), count: 1_000 }));
    const released = releaseCounts(counts, 1, 1000, cryptoRandomInt);
    const values = released.values.map((v) => v.value!);
    expect(new Set(values).size).toBeGreaterThan(1);
    for (const value of values) expect(Math.abs(value - 1_000)).toBeLessThan(60);
  });
});

describe('ε and its budget', () => {
  it('reads ε as exact thousandths, and writes it back', () => {
    expect(parseEpsilon('1')).toBe(1000);
    expect(parseEpsilon('0.5')).toBe(500);
    expect(parseEpsilon('2.125')).toBe(2125);
    expect(parseEpsilon('0.0005')).toBeNull();
    expect(parseEpsilon('-1')).toBeNull();
    expect(parseEpsilon('1e3')).toBeNull();
    expect(formatEpsilon(2125)).toBe('2.125');
    expect(formatEpsilon(500)).toBe('0.5');
    expect(formatEpsilon(3000)).toBe('3');
  });

  it('spends a budget up to its last thousandth, and not beyond', () => {
    expect(canSpend(9000, 1000, 10_000)).toBe(true);
    expect(canSpend(9001, 1000, 10_000)).toBe(false);
  });

  it('renews the budget each calendar month in UTC', () => {
    expect(budgetPeriodOf(new Date('2026-12-31T23:59:59Z'))).toEqual({
      id: '2026-12',
      endsAt: new Date('2027-01-01T00:00:00Z'),
    });
    expect(budgetPeriodOf(new Date('2027-01-01T00:00:00Z')).id).toBe('2027-01');
  });
});
