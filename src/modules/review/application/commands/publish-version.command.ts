import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import semver from 'semver';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { VersionPublished } from '../../../../shared/contracts/review';
import type { AuthenticatedUser } from '../../../../shared/kernel/authenticated-user';
import { conflict, notFound } from '../../../../shared/kernel/problem';
import { listingOf } from '../listing';
import { BundleSigner } from '../ports/bundle-signer';
import { type MiniApp, ReviewStore, type Version } from '../ports/review-store';

export class PublishVersion extends Command<Version> {
  constructor(
    readonly caller: AuthenticatedUser,
    readonly slug: string,
    readonly version: string,
  ) {
    super();
  }
}

/**
 * Makes an approved version live: signs its bundle digest with the platform's key, points the
 * mini-app at it and publishes `review.version-published` with everything a catalogue lists.
 * Its developer (or an admin) decides when.
 */
@CommandHandler(PublishVersion)
export class PublishVersionHandler implements ICommandHandler<PublishVersion, Version> {
  constructor(
    private readonly store: ReviewStore,
    private readonly signer: BundleSigner,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ caller, slug, version }: PublishVersion): Promise<Version> {
    return this.unitOfWork.run(async () => {
      const app = await this.store.miniApp(slug);
      const current =
        app && (app.developerId === caller.id || caller.roles.includes('admin'))
          ? await this.store.version(app.id, version)
          : null;
      if (!app || !current) throw notFound('The version');
      await this.store.lockMiniApp(app.id);
      if (app.takenDownAt)
        throw conflict(
          'taken-down',
          'Taken down',
          `${slug} was taken down by review; a reviewer or admin brings it back with a rollback.`,
        );
      if (app.liveVersion && semver.lte(version, app.liveVersion)) {
        throw conflict(
          'older-than-live',
          'Older than the live version',
          `${app.liveVersion} is live; going back to an earlier version is a rollback, for reviewers and admins.`,
        );
      }
      const published = await this.store.publish(current.id, this.signer.sign(current.bundleDigest));
      if (!published)
        throw conflict(
          'not-approved',
          'Not approved',
          `Version ${version} is ${current.status}; only an approved version can be published.`,
        );
      await this.eventBus.publish(versionPublished(app, published, published.publishedAt!));
      return published;
    });
  }
}

/** The event that makes a version the live one in every catalogue (on publishing, and again on a rollback to it). */
export function versionPublished(app: MiniApp, version: Version, liveSince: Date): VersionPublished {
  return new VersionPublished({
    miniAppId: app.id,
    slug: app.slug,
    version: version.version,
    ...listingOf(app, version),
    signature: version.signature!,
    publishedAt: liveSince.toISOString(),
  });
}
