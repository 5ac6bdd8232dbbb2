import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { AccountRepository } from '../ports/account-repository';
import { HoldRepository, type HoldRecord } from '../ports/hold-repository';

export class GetHold extends Query<HoldRecord> {
  constructor(
    readonly userId: string,
    readonly holdId: string,
  ) {
    super();
  }
}

/** A hold the caller placed or is paid by; anyone else's answers 404. */
@QueryHandler(GetHold)
export class GetHoldHandler implements IQueryHandler<GetHold, HoldRecord> {
  constructor(
    private readonly holds: HoldRepository,
    private readonly accounts: AccountRepository,
  ) {}

  async execute({ userId, holdId }: GetHold): Promise<HoldRecord> {
    const hold = await this.holds.find(holdId);
    if (hold) {
      const parties = await Promise.all([
        this.accounts.findById(hold.payerAccountId),
        this.accounts.findById(hold.payeeAccountId),
      ]);
      if (parties.some((account) => account?.ownerId === userId)) return hold;
    }
    throw notFound('The hold');
  }
}
