import type { AggregateValue } from '../../../../shared/contracts/privacy';
import type { MilliEpsilon } from '../../../../shared/kernel/epsilon';

export interface StoredRelease {
  subject: string;
  query: string;
  values: AggregateValue[];
  k: number;
  epsilon: MilliEpsilon;
  scale: string;
  releasedAt: Date;
}

/** The released answers and the budgets they were paid from (schema `privacy`); joins the current unit of work. */
export abstract class AggregateReleases {
  abstract find(subject: string, query: string): Promise<StoredRelease | null>;
  /** The ε spent in the period, holding the budget's row until the unit of work ends (one new release at a time per subject). */
  abstract spentHeld(subject: string, period: string): Promise<MilliEpsilon>;
  /** The ε spent in the period, without holding anything. */
  abstract spent(subject: string, period: string): Promise<MilliEpsilon>;
  /** Stores the release and adds its ε to the period's spending. */
  abstract save(release: StoredRelease, period: string): Promise<void>;
}
