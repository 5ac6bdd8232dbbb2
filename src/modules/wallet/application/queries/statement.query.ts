import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { TransferKind } from '../../../../shared/contracts/wallet';
import { AccountRepository } from '../ports/account-repository';
import { type StatementLine, TransferRepository } from '../ports/transfer-repository';

export interface StatementRequest {
  userId: string;
  limit: number;
  /** The last entry id of the previous page. */
  before?: string;
  from?: Date;
  to?: Date;
  kind?: TransferKind;
}

export class GetStatement extends Query<{ lines: StatementLine[]; hasMore: boolean }> {
  constructor(readonly request: StatementRequest) {
    super();
  }
}

/** The caller's entries across their own accounts, newest first: one line per money movement that touched them. */
@QueryHandler(GetStatement)
export class GetStatementHandler implements IQueryHandler<GetStatement, { lines: StatementLine[]; hasMore: boolean }> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
  ) {}

  async execute({ request }: GetStatement): Promise<{ lines: StatementLine[]; hasMore: boolean }> {
    const accountIds = (await this.accounts.ownedBy(request.userId)).map((account) => account.id);
    if (!accountIds.length) return { lines: [], hasMore: false };
    const lines = await this.transfers.statement({ ...request, accountIds, limit: request.limit + 1 });
    return { lines: lines.slice(0, request.limit), hasMore: lines.length > request.limit };
  }
}
