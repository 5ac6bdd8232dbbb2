export interface SpendingLimits {
  /** Most one movement may take, in minor units. */
  perTransaction: bigint;
  /** Most a user may send in any 24 hours, in minor units. */
  daily: bigint;
}

export type LimitRefusal = { limit: 'per-transaction'; max: bigint } | { limit: 'daily'; remaining: bigint };

/** Refuses an outgoing amount above the per-transaction limit, or one that takes the last 24 hours over the daily limit. */
export function checkSpending(amount: bigint, spentInLast24h: bigint, limits: SpendingLimits): LimitRefusal | null {
  if (amount > limits.perTransaction) return { limit: 'per-transaction', max: limits.perTransaction };
  const remaining = limits.daily - spentInLast24h;
  if (amount > remaining) return { limit: 'daily', remaining: remaining > 0n ? remaining : 0n };
  return null;
}
