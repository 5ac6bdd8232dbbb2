import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { AccountRepository } from '../ports/account-repository';
import { type Transfer, TransferRepository } from '../ports/transfer-repository';

export class GetTransfer extends Query<Transfer> {
  constructor(
    readonly userId: string,
    readonly transferId: string,
  ) {
    super();
  }
}

/** A transfer the caller paid or received; anyone else's answers 404. */
@QueryHandler(GetTransfer)
export class GetTransferHandler implements IQueryHandler<GetTransfer, Transfer> {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly accounts: AccountRepository,
  ) {}

  async execute({ userId, transferId }: GetTransfer): Promise<Transfer> {
    const transfer = await this.transfers.findById(transferId);
    if (transfer) {
      const parties = await Promise.all([
        this.accounts.findById(transfer.debitAccountId),
        this.accounts.findById(transfer.creditAccountId),
      ]);
      if (parties.some((account) => account?.ownerId === userId)) return transfer;
    }
    throw notFound('The transfer');
  }
}
