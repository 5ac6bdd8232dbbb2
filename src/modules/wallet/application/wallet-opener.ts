import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { WalletOpened } from '../../../shared/contracts/wallet';
import { AccountRepository, type AccountView } from './ports/account-repository';

/** Opens a user's stored-value account in a currency unless it is open already, announcing each new one. */
@Injectable()
export class WalletOpener {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly eventBus: EventBus,
  ) {}

  /** Null for an erased owner: nothing opens for them again. */
  open(userId: string, currency: string): Promise<AccountView | null> {
    return this.unitOfWork.run(async () => {
      const opened = await this.accounts.openUserAccount(userId, currency);
      if (!opened) return null;
      const { account, created } = opened;
      if (created)
        await this.eventBus.publish(
          new WalletOpened({ accountId: account.id, userId, currency, openedAt: account.createdAt.toISOString() }),
        );
      return account;
    });
  }
}
