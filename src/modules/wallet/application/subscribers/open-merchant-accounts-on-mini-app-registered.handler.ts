import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { CATEGORY_POLICY, isCategory, MiniAppRegistered, type Scope } from '../../../../shared/contracts/review';
import { MerchantAccountOpened } from '../../../../shared/contracts/wallet';
import { Currencies } from '../currencies';
import { AccountRepository } from '../ports/account-repository';

/**
 * A mini-app registered in a category that allows `payments` gets a merchant account in every
 * currency the wallet holds, owned by its developer, each announced for payments' checkout. Review
 * fixes the category at registration, so the registration is the one event that decides; a
 * redelivery finds the accounts open and announces nothing.
 */
@EventsHandler(MiniAppRegistered)
@Subscriber({ id: 'wallet.open-merchant-accounts-for-mini-apps' })
export class OpenMerchantAccountsOnMiniAppRegistered implements IEventHandler<MiniAppRegistered> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly currencies: Currencies,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle({ payload }: MiniAppRegistered): Promise<void> {
    const allowed: readonly Scope[] = isCategory(payload.category) ? CATEGORY_POLICY[payload.category] : [];
    if (!allowed.includes('payments')) return;
    await this.unitOfWork.run(async () => {
      const opened = await this.accounts.openMiniAppMerchantAccounts(
        { miniAppId: payload.miniAppId, ownerId: payload.developerId, name: payload.slug },
        this.currencies.all,
      );
      for (const account of opened) {
        await this.eventBus.publish(
          new MerchantAccountOpened({
            accountId: account.id,
            miniAppId: payload.miniAppId,
            ownerId: payload.developerId,
            currency: account.currency,
            openedAt: account.createdAt.toISOString(),
          }),
        );
      }
    });
  }
}
