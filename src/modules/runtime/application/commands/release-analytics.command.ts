import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../../../platform/time/clock';
import { ReleaseAggregate, type ReleasedAggregate } from '../../../../shared/contracts/privacy';
import { invalid, notFound } from '../../../../shared/kernel/problem';
import {
  type AnalyticsMetric,
  type DayRange,
  dayRange,
  LAUNCHES_COUNTED_PER_PERSON_PER_DAY,
  MAX_ANALYTICS_DAYS,
  metricShape,
  type RangeProblem,
} from '../../domain/analytics';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { UsageCounts } from '../ports/usage-counts';

export class ReleaseAnalytics extends Command<ReleasedAggregate> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
    readonly metric: AnalyticsMetric,
    readonly from: string,
    readonly to: string,
  ) {
    super();
  }
}

const RANGE_PROBLEMS: Record<RangeProblem, string> = {
  'not-a-date': 'from and to must be dates of the calendar, as YYYY-MM-DD',
  reversed: 'to must not be before from',
  'too-long': `from..to covers at most ${MAX_ANALYTICS_DAYS} days`,
  'not-over': 'to must be a day that is over (UTC)',
};

/**
 * A mini-app's owner asks for a usage metric: the runtime counts its own records and the privacy
 * module releases them (suppressed below k, noised, the same answer again for the same query, paid
 * from the mini-app's ε budget). Another developer's mini-app is a 404.
 */
@CommandHandler(ReleaseAnalytics)
export class ReleaseAnalyticsHandler implements ICommandHandler<ReleaseAnalytics, ReleasedAggregate> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly usage: UsageCounts,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  async execute({ developerId, slug, metric, from, to }: ReleaseAnalytics): Promise<ReleasedAggregate> {
    const app = await this.directory.bySlug(slug);
    if (!app || app.ownerId !== developerId) throw notFound('The mini-app');
    const range = dayRange(from, to, this.clock.now());
    if (typeof range === 'string')
      throw invalid('invalid-range', 'Invalid range', RANGE_PROBLEMS[range], [
        { pointer: range === 'not-over' ? '#/to' : '#/from', detail: RANGE_PROBLEMS[range] },
      ]);
    const { keys, sensitivity } = metricShape(metric, range);
    const counts = await this.count(app.miniAppId, metric, range);
    return this.commands.execute(
      new ReleaseAggregate({
        subject: `mini-app:${app.miniAppId}`,
        query: `${metric}:${from}..${to}`,
        counts: keys.map((key) => ({ key, count: counts.get(key) ?? 0 })),
        sensitivity,
      }),
    );
  }

  private count(miniAppId: string, metric: AnalyticsMetric, { start, end }: DayRange): Promise<Map<string, number>> {
    switch (metric) {
      case 'daily-users':
        return this.usage.dailyUsers(miniAppId, start, end);
      case 'launches':
        return this.usage.dailyLaunches(miniAppId, start, end, LAUNCHES_COUNTED_PER_PERSON_PER_DAY);
      case 'grants':
        return this.usage.decisions(miniAppId, 'granted', start, end);
      case 'denials':
        return this.usage.decisions(miniAppId, 'denied', start, end);
    }
  }
}
