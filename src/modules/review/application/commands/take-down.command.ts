import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { MiniAppUnpublished } from '../../../../shared/contracts/review';
import { conflict, notFound } from '../../../../shared/kernel/problem';
import { type MiniApp, ReviewStore } from '../ports/review-store';
import { versionPublished } from './publish-version.command';

export type LiveChange = { to: 'none' } | { to: 'version'; version: string };

export class ChangeLiveVersion extends Command<MiniApp> {
  constructor(
    readonly actorId: string,
    readonly slug: string,
    readonly change: LiveChange,
  ) {
    super();
  }
}

/**
 * Reviewers and admins take a mini-app down (nothing of it is live or served any more) or roll it
 * back to one of its earlier published versions; either way every catalogue hears of it.
 */
@CommandHandler(ChangeLiveVersion)
export class ChangeLiveVersionHandler implements ICommandHandler<ChangeLiveVersion, MiniApp> {
  constructor(
    private readonly store: ReviewStore,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ actorId, slug, change }: ChangeLiveVersion): Promise<MiniApp> {
    return this.unitOfWork.run(async () => {
      const found = await this.store.miniApp(slug);
      if (!found) throw notFound('The mini-app');
      // Locked, then read again: what is live is changed by one command at a time, and judged on the latest state.
      await this.store.lockMiniApp(found.id);
      const app = (await this.store.miniApp(slug))!;
      if (change.to === 'none') {
        if (!app.liveVersion) throw conflict('not-live', 'Not live', `${slug} has no live version to take down.`);
        const at = await this.store.setLiveVersion(app.id, null);
        await this.eventBus.publish(
          new MiniAppUnpublished({ miniAppId: app.id, slug, by: `user:${actorId}`, at: at.toISOString() }),
        );
      } else {
        const target = await this.store.version(app.id, change.version);
        if (!target) throw notFound('The version');
        if (target.status !== 'published')
          throw conflict(
            'never-published',
            'Never published',
            `Version ${change.version} was never published; only a published version can be rolled back to.`,
          );
        const at = await this.store.setLiveVersion(app.id, target.version);
        await this.eventBus.publish(versionPublished(app, target, at));
      }
      return (await this.store.miniApp(slug))!;
    });
  }
}
