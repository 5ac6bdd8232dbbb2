import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Currencies } from '../currencies';
import { AccountRepository, type AccountView } from '../ports/account-repository';

export class OpenMerchantAccount extends Command<AccountView> {
  constructor(
    readonly ownerId: string,
    readonly currency: string,
    readonly name: string,
  ) {
    super();
  }
}

/** A developer opens an account to be paid into (by holds and merchant payments) in one currency. */
@CommandHandler(OpenMerchantAccount)
export class OpenMerchantAccountHandler implements ICommandHandler<OpenMerchantAccount, AccountView> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly currencies: Currencies,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ ownerId, currency, name }: OpenMerchantAccount): Promise<AccountView> {
    this.currencies.require(currency);
    return this.unitOfWork.run(() => this.accounts.openMerchantAccount(ownerId, currency, name));
  }
}
