import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Clock } from '../../../platform/time/clock';
import type { AggregateRequest, ReleasedAggregate } from '../../../shared/contracts/privacy';
import { formatEpsilon } from '../../../shared/kernel/epsilon';
import { ProblemError } from '../../../shared/kernel/problem';
import { budgetPeriodOf, canSpend } from '../domain/privacy-budget';
import { K_THRESHOLD, releaseCounts } from '../domain/safe-release';
import { AggregateReleases, type StoredRelease } from './ports/aggregate-releases';
import { NoiseSource } from './ports/noise-source';

/**
 * Counts leave the platform only through here: below k withheld, the rest noised, each answer
 * stored so a repeated query gets it again for free, each new one paid from the subject's ε budget.
 */
@Injectable()
export class SafeAggregates {
  constructor(
    private readonly releases: AggregateReleases,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    private readonly noise: NoiseSource,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  release({ subject, query, counts, sensitivity }: AggregateRequest): Promise<ReleasedAggregate> {
    return this.unitOfWork.run(async () => {
      const now = this.clock.now();
      const period = budgetPeriodOf(now);
      let stored = await this.releases.find(subject, query);
      if (!stored) {
        const spent = await this.releases.spentHeld(subject, period.id);
        // Another request may have released it while this one waited for the budget.
        stored = await this.releases.find(subject, query);
        if (!stored) {
          const cost = this.config.PRIVACY_RELEASE_EPSILON;
          if (!canSpend(spent, cost, this.config.PRIVACY_EPSILON_BUDGET)) throw budgetSpent(period, now);
          const { values, scale } = releaseCounts(counts, sensitivity, cost, this.noise.randomInt);
          stored = { subject, query, values, k: K_THRESHOLD, epsilon: cost, scale, releasedAt: now };
          await this.releases.save(stored, period.id);
        }
      }
      return this.answer(stored, period.id);
    });
  }

  /** An answer released before, or null: nothing is computed or spent. */
  async released(subject: string, query: string): Promise<ReleasedAggregate | null> {
    const stored = await this.releases.find(subject, query);
    return stored && this.answer(stored, budgetPeriodOf(this.clock.now()).id);
  }

  private async answer(stored: StoredRelease, period: string): Promise<ReleasedAggregate> {
    return {
      values: stored.values,
      k: stored.k,
      epsilon: formatEpsilon(stored.epsilon),
      scale: stored.scale,
      releasedAt: stored.releasedAt,
      budget: {
        period,
        spent: formatEpsilon(await this.releases.spent(stored.subject, period)),
        total: formatEpsilon(this.config.PRIVACY_EPSILON_BUDGET),
      },
    };
  }
}

function budgetSpent(period: { id: string; endsAt: Date }, now: Date): ProblemError {
  const waitSeconds = Math.ceil((period.endsAt.getTime() - now.getTime()) / 1000);
  return new ProblemError(
    429,
    'privacy-budget-spent',
    'Privacy budget spent',
    `The privacy budget (ε) of ${period.id} is spent: answers released before are still served, new queries are answered from ${period.endsAt.toISOString()}.`,
    undefined,
    { 'retry-after': String(waitSeconds) },
  );
}
