import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { conflict } from '../../../../shared/kernel/problem';
import { OpenLaunches } from '../open-launches';
import { LaunchStore } from '../ports/launch-store';
import { RuntimeMetrics } from '../ports/runtime-metrics';

export class ReportLoadTime extends Command<void> {
  constructor(
    readonly userId: string,
    readonly launchId: string,
    readonly ms: number,
  ) {
    super();
  }
}

/** `superapp.reportLoadTime(ms)`: once per launch, so a mini-app cannot flood the histogram. */
@CommandHandler(ReportLoadTime)
export class ReportLoadTimeHandler implements ICommandHandler<ReportLoadTime, void> {
  constructor(
    private readonly openLaunches: OpenLaunches,
    private readonly launches: LaunchStore,
    private readonly metrics: RuntimeMetrics,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, launchId, ms }: ReportLoadTime): Promise<void> {
    const { launch, app } = await this.openLaunches.require(userId, launchId);
    const first = await this.unitOfWork.run(() => this.launches.recordLoadTime(launch.id, ms));
    if (!first)
      throw conflict(
        'load-time-reported',
        'Load time reported',
        'This launch has reported its load time already; each launch reports it once.',
      );
    this.metrics.loadTime(app.slug, ms / 1000);
  }
}
