import { describe, expect, it } from 'vitest';
import { completedMonth, lastCompletedMonth } from './report-month';

describe('the transparency report month', () => {
  const now = new Date('2027-01-01T00:30:00Z');

  it('defaults to the last month that is over, across a year end', () => {
    expect(lastCompletedMonth(now)).toEqual({
      id: '2026-12',
      from: new Date('2026-12-01T00:00:00Z'),
      to: new Date('2027-01-01T00:00:00Z'),
    });
  });

  it('takes a month that is over, and nothing else', () => {
    expect(completedMonth('2026-11', now)?.id).toBe('2026-11');
    expect(completedMonth('2027-01', now)).toBeNull();
    expect(completedMonth('2026-13', now)).toBeNull();
    expect(completedMonth('1999-12', now)).toBeNull();
    expect(completedMonth('2026-1', now)).toBeNull();
  });
});
