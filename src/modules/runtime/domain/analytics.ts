import { SCOPES } from '../../../shared/contracts/review';

export const ANALYTICS_METRICS = ['daily-users', 'launches', 'grants', 'denials'] as const;
export type AnalyticsMetric = (typeof ANALYTICS_METRICS)[number];

/** The longest range one query may cover. */
export const MAX_ANALYTICS_DAYS = 31;
/** One person's launches count at most this many times a day: without a bound, one busy person could move a count arbitrarily. */
export const LAUNCHES_COUNTED_PER_PERSON_PER_DAY = 3;

/** Whole UTC days, `from` and `to` included. */
export interface DayRange {
  days: string[];
  start: Date;
  /** The instant after the last day. */
  end: Date;
}

export type RangeProblem = 'not-a-date' | 'reversed' | 'too-long' | 'not-over';

const DAY_MS = 86_400_000;

function dayStart(text: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const at = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text ? null : at;
}

/**
 * The days of `from`..`to`: real dates, in order, at most MAX_ANALYTICS_DAYS, and over at `now`
 * (a day still running would be released half-counted, and then served as released for good).
 */
export function dayRange(from: string, to: string, now: Date): DayRange | RangeProblem {
  const [start, last] = [dayStart(from), dayStart(to)];
  if (!start || !last) return 'not-a-date';
  if (last < start) return 'reversed';
  const count = (last.getTime() - start.getTime()) / DAY_MS + 1;
  if (count > MAX_ANALYTICS_DAYS) return 'too-long';
  const end = new Date(last.getTime() + DAY_MS);
  if (end > now) return 'not-over';
  return {
    days: Array.from({ length: count }, (_, i) => new Date(start.getTime() + i * DAY_MS).toISOString().slice(0, 10)),
    start,
    end,
  };
}

/**
 * The buckets a metric reports, and its L1 sensitivity: how much one person can change their sum
 * (once a day for daily users, up to the launch bound a day for launches, once a scope for decisions).
 */
export function metricShape(
  metric: AnalyticsMetric,
  range: DayRange,
): { keys: readonly string[]; sensitivity: number } {
  switch (metric) {
    case 'daily-users':
      return { keys: range.days, sensitivity: range.days.length };
    case 'launches':
      return { keys: range.days, sensitivity: range.days.length * LAUNCHES_COUNTED_PER_PERSON_PER_DAY };
    case 'grants':
    case 'denials':
      return { keys: SCOPES, sensitivity: SCOPES.length };
  }
}
