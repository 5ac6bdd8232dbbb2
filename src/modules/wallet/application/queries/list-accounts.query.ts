import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AccountRepository, type AccountView } from '../ports/account-repository';

export class ListAccounts extends Query<AccountView[]> {
  constructor(readonly userId: string) {
    super();
  }
}

@QueryHandler(ListAccounts)
export class ListAccountsHandler implements IQueryHandler<ListAccounts, AccountView[]> {
  constructor(private readonly accounts: AccountRepository) {}

  execute({ userId }: ListAccounts): Promise<AccountView[]> {
    return this.accounts.ownedBy(userId);
  }
}
