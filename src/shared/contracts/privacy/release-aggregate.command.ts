/** The true counts a module wants to show, before any privacy protection. */
export interface AggregateRequest {
  /** Whose ε budget pays for it: `mini-app:<id>`, or `platform` for the transparency report. */
  subject: string;
  /** What was asked, canonically (metric and range): the same query is answered with the same release. */
  query: string;
  counts: Array<{ key: string; count: number }>;
  /**
   * The L1 sensitivity: how much one person can change the sum of all the counts (e.g. a daily
   * count over 7 days where each person counts at most once a day: 7). The noise scales with it.
   */
  sensitivity: number;
}

export type AggregateValue = { key: string; value: number } | { key: string; value: null; withheld: 'fewer-than-k' };

export interface ReleasedAggregate {
  values: AggregateValue[];
  /** Counts below k are withheld. */
  k: number;
  /** ε this release spent, and the scale of its discrete Laplace noise, as decimals. */
  epsilon: string;
  scale: string;
  releasedAt: Date;
  /** The subject's budget in the current period, after this answer. */
  budget: { period: string; spent: string; total: string };
}

/**
 * Sent to the privacy module by a module that owns some personal data and wants to show counts of
 * it: small counts are withheld, the rest noised, the release stored (asked again, the same answer
 * comes back at no cost) and its ε charged to the subject's budget. A spent budget throws a
 * ProblemError (429, `privacy-budget-spent`).
 */
export class ReleaseAggregate {
  /** Only for the compiler: what `CommandBus.execute` resolves to (shared code stays framework-free). */
  declare readonly __result?: ReleasedAggregate;

  constructor(readonly request: AggregateRequest) {}
}
