import { Inject } from '@nestjs/common';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { MiniAppLaunched } from '../../../../shared/contracts/runtime';
import { newId } from '../../../../shared/kernel/ids';
import { notFound } from '../../../../shared/kernel/problem';
import type { Launch } from '../../domain/launch';
import type { LiveMiniApp } from '../../domain/live-mini-app';
import { ConsentLedger } from '../ports/consent-ledger';
import { LaunchStore } from '../ports/launch-store';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { PairwiseIds } from '../ports/pairwise-ids';
import { RuntimeMetrics } from '../ports/runtime-metrics';
import { RuntimeSigner } from '../ports/runtime-signer';
import { type ScopeState, scopeStates } from '../scope-states';

export interface StartedLaunch {
  launch: Launch;
  app: LiveMiniApp;
  scopes: ScopeState[];
  launchData: string;
}

export class StartLaunch extends Command<StartedLaunch> {
  constructor(
    readonly userId: string,
    readonly slug: string,
  ) {
    super();
  }
}

/**
 * Opens a live mini-app for the user: pins the live version and bundle, and hands the shell what
 * the mini-app may know (its launchData: the user's pairwise id, signed) and the user's grants.
 */
@CommandHandler(StartLaunch)
export class StartLaunchHandler implements ICommandHandler<StartLaunch, StartedLaunch> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly launches: LaunchStore,
    private readonly pairwiseIds: PairwiseIds,
    private readonly consents: ConsentLedger,
    private readonly signer: RuntimeSigner,
    private readonly metrics: RuntimeMetrics,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute({ userId, slug }: StartLaunch): Promise<StartedLaunch> {
    return this.unitOfWork.run(async () => {
      const app = (await this.directory.bySlug(slug))?.live;
      if (!app) throw notFound('The mini-app');
      const launchedAt = this.clock.now();
      const launch: Launch = {
        id: newId(),
        userId,
        miniAppId: app.miniAppId,
        version: app.version,
        bundleDigest: app.bundleDigest,
        launchedAt,
        expiresAt: new Date(launchedAt.getTime() + this.config.RUNTIME_LAUNCH_TTL_SECONDS * 1000),
      };
      await this.launches.insert(launch);
      const firstOfUser = await this.launches.isFirstOfUser(launch);
      const openid = await this.pairwiseIds.idFor(userId, app.miniAppId);
      const scopes = scopeStates(app.permissions, await this.consents.decisions(userId, app.miniAppId));
      const launchData = await this.signer.launchData({
        miniApp: app.slug,
        openid,
        launchedAt,
        expiresAt: launch.expiresAt,
      });
      await this.eventBus.publish(
        new MiniAppLaunched({
          launchId: launch.id,
          userId,
          miniAppId: app.miniAppId,
          version: app.version,
          launchedAt: launchedAt.toISOString(),
        }),
      );
      this.unitOfWork.afterCommit(() => this.metrics.launched(app.slug, firstOfUser));
      return { launch, app, scopes, launchData };
    });
  }
}
