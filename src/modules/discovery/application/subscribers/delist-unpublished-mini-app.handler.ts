import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { MiniAppUnpublished } from '../../../../shared/contracts/review';
import { ListingStore } from '../ports/listing-store';

/** A mini-app taken down leaves the catalogue, the QA channel included, at once. */
@EventsHandler(MiniAppUnpublished)
@Subscriber({ id: 'discovery.delist-unpublished-mini-app' })
export class DelistUnpublishedMiniApp implements IEventHandler<MiniAppUnpublished> {
  constructor(
    private readonly listings: ListingStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle({ payload }: MiniAppUnpublished): Promise<void> {
    await this.unitOfWork.run(async () => {
      await this.listings.remove(payload.slug);
      await this.listings.removeFromQa(payload.slug);
    });
  }
}
