import { setTimeout as delay } from 'node:timers/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import semver from 'semver';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { publishesFirstParty } from '../../../platform/config/load-config';
import { isCategory } from '../../../shared/contracts/review';
import { ProblemError } from '../../../shared/kernel/problem';
import { DEVELOPMENT_REVIEWER_ID, FIRST_PARTY_DEVELOPER_ID, type FirstPartyBundle } from '../domain/first-party';
import { DecideVersion } from './commands/decide-version.command';
import { PublishVersion } from './commands/publish-version.command';
import { RegisterMiniApp } from './commands/register-mini-app.command';
import { SubmitVersion } from './commands/submit-version.command';
import { FirstPartyBundles } from './ports/first-party-bundles';
import { ReviewStore } from './ports/review-store';

const STEP_EVERY_MS = 250;
/** A scan takes seconds; past this something is wrong (no scan worker, a database down), and the start says so. */
const GIVE_UP_AFTER_MS = 5 * 60_000;
const FIRST_PARTY_DEVELOPER = {
  id: FIRST_PARTY_DEVELOPER_ID,
  roles: ['developer'] as const,
  tokenId: 'first-party',
  expiresAt: Number.MAX_SAFE_INTEGER,
};

type Progress = 'on-its-way' | 'settled';

/**
 * On a development start (PUBLISH_FIRST_PARTY_MINI_APPS), takes the platform's own mini-apps through
 * the same pipeline as anyone's, with review's own commands: registered to the first-party developer,
 * submitted, scanned (a critical finding stops it, as for anyone), approved by the development
 * reviewer, signed and published. Each step looks at where the mini-app is first, so a restart, or a
 * second instance starting at the same moment, finds it live and does nothing. It runs beside the
 * start, never delaying it: the scan worker it waits for starts with the application.
 */
@Injectable()
export class FirstPartyPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Review');
  private readonly stopping = new AbortController();
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly bundles: FirstPartyBundles,
    private readonly store: ReviewStore,
    private readonly commands: CommandBus,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (publishesFirstParty(this.config)) this.running = this.publishAll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    await this.running;
  }

  /** Resolves once every packed mini-app is live, or stopped where only a person can go on. */
  async publishAll(): Promise<void> {
    let pending = this.bundles.list();
    if (!pending.length)
      this.logger.warn('No first-party mini-apps in dist/mini-apps to publish: `npm run build` packs them');
    const givesUpAt = Date.now() + GIVE_UP_AFTER_MS;
    while (pending.length && !this.stopping.signal.aborted) {
      const progress = await Promise.all(
        pending.map((bundle) => this.advance(bundle).catch((error: Error) => this.retryLater(bundle, error))),
      );
      pending = pending.filter((_, i) => progress[i] === 'on-its-way');
      if (pending.length && Date.now() > givesUpAt) {
        this.logger.error(
          `Gave up publishing ${pending.map((b) => b.slug).join(', ')}: the review pipeline did not finish in time`,
        );
        return;
      }
      if (pending.length)
        await delay(STEP_EVERY_MS, undefined, { signal: this.stopping.signal }).catch(() => undefined);
    }
  }

  /** One step towards live, from wherever the mini-app is now. */
  private async advance(first: FirstPartyBundle): Promise<Progress> {
    const { slug, version } = first;
    const app = await this.store.miniApp(slug);
    if (!app) {
      if (!isCategory(first.category))
        return this.stop(`${slug}: its listing names no category of the policy (${first.category})`);
      await this.commands.execute(
        new RegisterMiniApp(FIRST_PARTY_DEVELOPER_ID, slug, first.name, first.category, first.description),
      );
      return 'on-its-way';
    }
    if (app.developerId !== FIRST_PARTY_DEVELOPER_ID)
      return this.stop(
        `${slug} is registered by another developer; the platform's own bundle is not published under it`,
      );
    if (app.takenDownAt) return 'settled'; // a reviewer's take-down stands
    if (app.liveVersion && semver.gte(app.liveVersion, version)) return 'settled';
    const current = await this.store.version(app.id, version);
    if (!current) {
      await this.commands.execute(new SubmitVersion(FIRST_PARTY_DEVELOPER_ID, slug, first.bundle));
      return 'on-its-way';
    }
    switch (current.status) {
      case 'submitted':
      case 'scanning':
        return 'on-its-way';
      case 'in-review':
        await this.commands.execute(new DecideVersion(DEVELOPMENT_REVIEWER_ID, slug, version, { verdict: 'approve' }));
        return 'on-its-way';
      case 'approved':
        await this.commands.execute(new PublishVersion(FIRST_PARTY_DEVELOPER, slug, version));
        this.logger.log(`Published the platform's own ${slug} ${version} through review`);
        return 'settled';
      case 'rejected':
        return this.stop(`${slug} ${version} was rejected by review: ${(current.reasons ?? []).join('; ')}`);
      case 'published':
        return 'settled'; // live before, and since rolled back by a reviewer: theirs to decide
    }
  }

  private stop(why: string): Progress {
    this.logger.error(why);
    return 'settled';
  }

  /** Another instance got there first (a conflict), or the database blinked: the next step looks again. A refusal stays one. */
  private retryLater(bundle: FirstPartyBundle, error: Error): Progress {
    if (error instanceof ProblemError && error.status < 500 && error.status !== 409)
      return this.stop(`${bundle.slug} ${bundle.version}: ${error.message}`);
    this.logger.debug(`${bundle.slug}: ${error.message}; trying again`);
    return 'on-its-way';
  }
}
