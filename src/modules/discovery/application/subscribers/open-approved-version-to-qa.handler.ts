import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { VersionApproved } from '../../../../shared/contracts/review';
import { ListingStore } from '../ports/listing-store';

/** An approved version opens to reviewers in the QA channel (approvals without a listing, from before it was sent, are skipped). */
@EventsHandler(VersionApproved)
@Subscriber({ id: 'discovery.open-approved-version-to-qa' })
export class OpenApprovedVersionToQa implements IEventHandler<VersionApproved> {
  constructor(
    private readonly listings: ListingStore,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle({ payload }: VersionApproved): Promise<void> {
    if (!payload.listing) return;
    const { miniAppId, slug, version, at, listing } = payload;
    await this.unitOfWork.run(() => this.listings.addToQa({ miniAppId, slug, version, ...listing, signature: null, publishedAt: new Date(at) }));
  }
}
