import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { FindOpenLaunch, type OpenLaunchView } from '../../../../shared/contracts/runtime';
import { ProblemError } from '../../../../shared/kernel/problem';
import { OpenLaunches } from '../open-launches';

/** The same gate as the runtime's own launch routes, answered as a view (or null) for another module. */
@QueryHandler(FindOpenLaunch)
export class FindOpenLaunchHandler implements IQueryHandler<FindOpenLaunch, OpenLaunchView | null> {
  constructor(private readonly openLaunches: OpenLaunches) {}

  async execute({ userId, launchId }: FindOpenLaunch): Promise<OpenLaunchView | null> {
    try {
      const { launch, app } = await this.openLaunches.require(userId, launchId);
      return { launchId: launch.id, miniAppId: app.miniAppId, slug: app.slug };
    } catch (error) {
      if (error instanceof ProblemError && error.status === 404) return null;
      throw error;
    }
  }
}
