import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../../shared/contracts/review';
import { type DayRange, dayRange, metricShape } from './analytics';

const now = new Date('2026-12-04T10:00:00Z');

describe('analytics ranges', () => {
  it('takes whole UTC days, both ends included, once they are over', () => {
    const range = dayRange('2026-12-01', '2026-12-03', now) as DayRange;
    expect(range.days).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(range.start).toEqual(new Date('2026-12-01T00:00:00Z'));
    expect(range.end).toEqual(new Date('2026-12-04T00:00:00Z'));
  });

  it('refuses today, which is not over, and the future', () => {
    expect(dayRange('2026-12-04', '2026-12-04', now)).toBe('not-over');
    expect(dayRange('2026-12-03', '2026-12-05', now)).toBe('not-over');
  });

  it('refuses dates that are not on the calendar, a reversed range and more than 31 days', () => {
    expect(dayRange('2026-02-30', '2026-03-01', now)).toBe('not-a-date');
    expect(dayRange('2026-1-01', '2026-03-01', now)).toBe('not-a-date');
    expect(dayRange('2026-12-02', '2026-12-01', now)).toBe('reversed');
    expect(dayRange('2026-10-31', '2026-12-01', now)).toBe('too-long');
    expect(dayRange('2026-11-02', '2026-12-02', now)).not.toBe('too-long');
  });

  it('bounds what one person can change: a day each, three launches a day, a scope each', () => {
    const week = dayRange('2026-11-01', '2026-11-07', now) as DayRange;
    expect(metricShape('daily-users', week)).toEqual({ keys: week.days, sensitivity: 7 });
    expect(metricShape('launches', week).sensitivity).toBe(21);
    expect(metricShape('grants', week)).toEqual({ keys: SCOPES, sensitivity: SCOPES.length });
  });
});
