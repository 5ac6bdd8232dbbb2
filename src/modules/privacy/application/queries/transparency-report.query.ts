import { Inject } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import type { AggregateValue, ReleasedAggregate } from '../../../../shared/contracts/privacy';
import { SCOPES } from '../../../../shared/contracts/review';
import { CountConsentActivity } from '../../../../shared/contracts/runtime';
import { invalid, ProblemError } from '../../../../shared/kernel/problem';
import { completedMonth, lastCompletedMonth } from '../../domain/report-month';
import { RequestTallies } from '../ports/request-tallies';
import { SafeAggregates } from '../safe-aggregates';

export const TRANSPARENCY_MEASURES = ['grants', 'withdrawals', 'accesses'] as const;
type Measure = (typeof TRANSPARENCY_MEASURES)[number];

export type ScopeCount = { scope: string } & ({ people: number } | { people: null; withheld: 'fewer-than-k' });

export type RequestCount = { requests: number } | { requests: null; withheld: 'fewer-than-k' };

export type TransparencyReport = { month: string } & Record<Measure, ScopeCount[]> & {
    /** Data exports and erasures people asked for, released apart (their sensitivity differs), with their own ε and scale. */
    requests: { exports: RequestCount; erasures: RequestCount; epsilon: string; scale: string };
  } & Omit<ReleasedAggregate, 'values' | 'budget'>;

export class GetTransparencyReport extends Query<TransparencyReport> {
  /** `month`: `2026-11`; unset, the last month that is over. */
  constructor(readonly month: string | undefined) {
    super();
  }
}

const PLATFORM = 'platform';

/**
 * The platform-wide transparency report for one month: how many people granted, withdrew, and had
 * a scope used, per scope, and how many exports and erasures were asked for, released like any aggregate (suppressed below k, noised, stable).
 * Only the last month that is over is ever released anew, so nobody can spend the platform's
 * budget by asking for old months; the months released before stay readable.
 */
@QueryHandler(GetTransparencyReport)
export class GetTransparencyReportHandler implements IQueryHandler<GetTransparencyReport, TransparencyReport> {
  constructor(
    private readonly aggregates: SafeAggregates,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly tallies: RequestTallies,
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async execute({ month: asked }: GetTransparencyReport): Promise<TransparencyReport> {
    const now = this.clock.now();
    const latest = lastCompletedMonth(now);
    const month = asked === undefined ? latest : completedMonth(asked, now);
    if (!month)
      throw invalid('invalid-month', 'Invalid month', 'month must be a month that is over, as YYYY-MM.', [
        { pointer: '#/month', detail: 'a month that is over, as YYYY-MM' },
      ]);
    const query = `transparency:${month.id}`;
    const requestsQuery = `transparency-requests:${month.id}`;
    const fresh = month.id === latest.id;
    const release = fresh
      ? await this.aggregates.release({
          subject: PLATFORM,
          query,
          counts: await this.counts(month.from, month.to),
          // Each person counts at most once per scope in each measure.
          sensitivity: TRANSPARENCY_MEASURES.length * SCOPES.length,
        })
      : await this.aggregates.released(PLATFORM, query);
    const requests = fresh
      ? await this.aggregates.release({
          subject: PLATFORM,
          query: requestsQuery,
          counts: await this.requestCounts(month.id),
          // One person asks for at most PRIVACY_EXPORTS_PER_DAY exports a day, and is erased once.
          sensitivity: this.config.PRIVACY_EXPORTS_PER_DAY * 31 + 1,
        })
      : await this.aggregates.released(PLATFORM, requestsQuery);
    if (!release || !requests)
      throw new ProblemError(
        404,
        'not-released',
        'Not released',
        `No transparency report was released for ${month.id}.`,
      );
    const { values, k, epsilon, scale, releasedAt } = release;
    return {
      month: month.id,
      grants: scopeCounts(values, 'grants'),
      withdrawals: scopeCounts(values, 'withdrawals'),
      accesses: scopeCounts(values, 'accesses'),
      requests: {
        exports: requestCount(requests.values, 'exports'),
        erasures: requestCount(requests.values, 'erasures'),
        epsilon: requests.epsilon,
        scale: requests.scale,
      },
      k,
      epsilon,
      scale,
      releasedAt,
    };
  }

  private async requestCounts(month: string) {
    const tally = await this.unitOfWork.run(() => this.tallies.inMonth(month));
    return [
      { key: 'exports', count: tally.export },
      { key: 'erasures', count: tally.erasure },
    ];
  }

  private async counts(from: Date, to: Date) {
    const activity = await this.queries.execute(new CountConsentActivity(from, to));
    return TRANSPARENCY_MEASURES.flatMap((measure) =>
      SCOPES.map((scope) => ({ key: `${measure}:${scope}`, count: activity[measure][scope] ?? 0 })),
    );
  }
}

function requestCount(values: AggregateValue[], key: string): RequestCount {
  const value = values.find((v) => v.key === key)!;
  return value.value === null ? { requests: null, withheld: value.withheld } : { requests: value.value };
}

function scopeCounts(values: AggregateValue[], measure: Measure): ScopeCount[] {
  return values
    .filter((v) => v.key.startsWith(`${measure}:`))
    .map((v) => {
      const scope = v.key.slice(measure.length + 1);
      return v.value === null ? { scope, people: null, withheld: v.withheld } : { scope, people: v.value };
    });
}
