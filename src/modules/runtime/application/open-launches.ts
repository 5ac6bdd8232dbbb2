import { Injectable } from '@nestjs/common';
import { Clock } from '../../../platform/time/clock';
import { isUuid } from '../../../shared/kernel/ids';
import { ProblemError } from '../../../shared/kernel/problem';
import { isOpen, type Launch } from '../domain/launch';
import type { LiveMiniApp } from '../domain/live-mini-app';
import { LaunchStore } from './ports/launch-store';
import { MiniAppDirectory } from './ports/mini-app-directory';

export interface OpenLaunch {
  launch: Launch;
  /** What is live of the mini-app now: its manifest governs the launch (scopes, domains), whichever version the launch pinned. */
  app: LiveMiniApp;
}

/**
 * The gate of every launch route: the launch must be the caller's, not expired, and its mini-app
 * still live. Anything else is one 404, so a caller learns nothing of other users' launches.
 */
@Injectable()
export class OpenLaunches {
  constructor(
    private readonly launches: LaunchStore,
    private readonly directory: MiniAppDirectory,
    private readonly clock: Clock,
  ) {}

  async require(userId: string, launchId: string): Promise<OpenLaunch> {
    const launch = isUuid(launchId) ? await this.launches.find(launchId, userId) : null;
    const live =
      launch && isOpen(launch, this.clock.now()) ? (await this.directory.byId(launch.miniAppId))?.live : null;
    if (!launch || !live) throw launchNotFound();
    return { launch, app: live };
  }
}

const launchNotFound = () =>
  new ProblemError(
    404,
    'not-found',
    'Not found',
    'The launch does not exist, has ended (it expired, or its mini-app was taken down) or is not yours; launch the mini-app again.',
  );
