import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { MiniAppRegistered, MiniAppUnpublished, VersionPublished } from '../../../../shared/contracts/review';
import { MerchantAccountOpened } from '../../../../shared/contracts/wallet';
import { MerchantDirectory } from '../ports/merchant-directory';

type MerchantEvent = MiniAppRegistered | VersionPublished | MiniAppUnpublished | MerchantAccountOpened;

/**
 * Payments' read model of its merchants, from review (who owns the mini-app, its live name and
 * declared domains, whether it is live) and from wallet (its merchant accounts). Each event is a
 * fact applied as it comes: a publication or an account of a mini-app not yet seen waits for its
 * registration (it arrives first, in the same key's order on review's side).
 */
@EventsHandler(MiniAppRegistered, VersionPublished, MiniAppUnpublished, MerchantAccountOpened)
@Subscriber({ id: 'payments.keep-merchants' })
export class KeepMerchants implements IEventHandler<MerchantEvent> {
  constructor(
    private readonly directory: MerchantDirectory,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: MerchantEvent): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (event instanceof MiniAppRegistered)
        await this.directory.registered({
          miniAppId: event.payload.miniAppId,
          slug: event.payload.slug,
          ownerId: event.payload.developerId,
        });
      else if (event instanceof VersionPublished)
        await this.directory.published({
          miniAppId: event.payload.miniAppId,
          slug: event.payload.slug,
          name: event.payload.name,
          domains: event.payload.domains,
        });
      else if (event instanceof MiniAppUnpublished) await this.directory.takenDown(event.payload.miniAppId);
      else
        await this.directory.accountOpened({
          miniAppId: event.payload.miniAppId,
          currency: event.payload.currency,
          accountId: event.payload.accountId,
        });
    });
  }
}
