import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { MiniAppUnpublished, VersionApproved, VersionPublished } from '../../../../shared/contracts/review';
import { ListingStore } from '../ports/listing-store';

type CatalogueEvent = VersionApproved | VersionPublished | MiniAppUnpublished;

/**
 * The catalogue follows review's events, one subscriber for all of them: the bus delivers a
 * subscriber's events of one mini-app in publication order, so an approval, a publication and a
 * take-down can never be applied out of order (as three subscribers, each in its own order, could).
 * - approved: the version opens to reviewers in the QA channel;
 * - published: it becomes the listing (never replacing a later one) and leaves the QA channel;
 * - unpublished: the mini-app leaves the catalogue, QA included.
 * Replaying these events in order rebuilds the catalogue from nothing.
 */
@EventsHandler(VersionApproved, VersionPublished, MiniAppUnpublished)
@Subscriber({ id: 'discovery.keep-catalogue' })
export class KeepCatalogue implements IEventHandler<CatalogueEvent> {
  constructor(
    private readonly listings: ListingStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: CatalogueEvent): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (event instanceof VersionApproved) {
        const { miniAppId, slug, version, at, listing } = event.payload;
        // Approvals from before the event carried its listing cannot be shown; they are skipped.
        if (listing)
          await this.listings.addToQa({
            miniAppId,
            slug,
            version,
            ...listing,
            signature: null,
            publishedAt: new Date(at),
          });
      } else if (event instanceof VersionPublished) {
        await this.listings.upsert({ ...event.payload, publishedAt: new Date(event.payload.publishedAt) });
        await this.listings.removeFromQa(event.payload.slug, event.payload.version);
      } else {
        await this.listings.remove(event.payload.slug);
        await this.listings.removeFromQa(event.payload.slug);
      }
    });
  }
}
