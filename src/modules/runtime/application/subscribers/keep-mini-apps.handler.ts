import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { MiniAppRegistered, MiniAppUnpublished, VersionPublished } from '../../../../shared/contracts/review';
import { ConsentsExpired } from '../../../../shared/contracts/runtime';
import { ConsentLedger } from '../ports/consent-ledger';
import { MiniAppDirectory } from '../ports/mini-app-directory';

type ReviewEvent = MiniAppRegistered | VersionPublished | MiniAppUnpublished;

/**
 * The runtime's read model of what may run follows review's events, one subscriber for all of
 * them so that one mini-app's registration, publications and take-downs apply in order:
 * - registered: the mini-app and its owner (who manages its server credentials);
 * - published (or rolled back to): its live manifest; decisions users made under a purpose the
 *   new manifest no longer states lapse, in the same transaction (`runtime.consents-expired`);
 * - unpublished: nothing of it is live; its launches stop answering.
 */
@EventsHandler(MiniAppRegistered, VersionPublished, MiniAppUnpublished)
@Subscriber({ id: 'runtime.keep-mini-apps' })
export class KeepMiniApps implements IEventHandler<ReviewEvent> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly consents: ConsentLedger,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: ReviewEvent): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (event instanceof MiniAppRegistered) {
        const { miniAppId, slug, category, developerId } = event.payload;
        await this.directory.registered({ miniAppId, slug, category, ownerId: developerId });
      } else if (event instanceof VersionPublished) {
        await this.publish(event);
      } else {
        await this.directory.takenDown(event.payload.miniAppId, event.payload.slug, new Date(event.payload.at));
      }
    });
  }

  private async publish({ payload }: VersionPublished): Promise<void> {
    const liveSince = new Date(payload.publishedAt);
    const { signature, publishedAt: _, description: __, ...live } = payload;
    if (!(await this.directory.published({ ...live, bundleSignature: signature, liveSince }))) return;
    const scopes = await this.consents.expireOutdated(
      payload.miniAppId,
      { version: payload.version, permissions: payload.permissions },
      liveSince,
    );
    if (scopes.length)
      await this.eventBus.publish(
        new ConsentsExpired({
          miniAppId: payload.miniAppId,
          scopes,
          manifestVersion: payload.version,
          at: liveSince.toISOString(),
        }),
      );
  }
}
