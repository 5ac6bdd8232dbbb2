import type { MilliEpsilon } from '../../../shared/kernel/epsilon';

/**
 * The ε a subject (a mini-app, or the platform's transparency report) may spend on new releases,
 * per calendar month in UTC: each new release costs its ε; an answer already released is served
 * again for free.
 */
export interface BudgetPeriod {
  /** `2026-12` */
  id: string;
  /** When the next period begins, and the budget with it. */
  endsAt: Date;
}

export function budgetPeriodOf(at: Date): BudgetPeriod {
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth();
  return {
    id: `${year}-${String(month + 1).padStart(2, '0')}`,
    endsAt: new Date(Date.UTC(year, month + 1, 1)),
  };
}

export function canSpend(spent: MilliEpsilon, cost: MilliEpsilon, budget: MilliEpsilon): boolean {
  return spent + cost <= budget;
}
