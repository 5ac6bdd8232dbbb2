import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { VersionPublished } from '../../../../shared/contracts/review';
import { ListingStore } from '../ports/listing-store';

/** A published version replaces the mini-app's listing (never an older one a newer publication replaced) and leaves the QA channel. */
@EventsHandler(VersionPublished)
@Subscriber({ id: 'discovery.list-published-version' })
export class ListPublishedVersion implements IEventHandler<VersionPublished> {
  constructor(
    private readonly listings: ListingStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle({ payload }: VersionPublished): Promise<void> {
    await this.unitOfWork.run(async () => {
      await this.listings.upsert({ ...payload, publishedAt: new Date(payload.publishedAt) });
      await this.listings.removeFromQa(payload.slug, payload.version);
    });
  }
}
