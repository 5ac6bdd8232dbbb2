import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { ConsentDecision } from '../../domain/consent';
import { ConsentLedger } from '../ports/consent-ledger';

export type Grant = ConsentDecision & { slug: string };

export class ListGrants extends Query<Grant[]> {
  constructor(
    readonly userId: string,
    readonly page: { offset: number; limit: number },
  ) {
    super();
  }
}

/** Every decision the user has made and not taken back, across mini-apps: what settings show. */
@QueryHandler(ListGrants)
export class ListGrantsHandler implements IQueryHandler<ListGrants, Grant[]> {
  constructor(private readonly consents: ConsentLedger) {}

  execute({ userId, page }: ListGrants): Promise<Grant[]> {
    return this.consents.decisionsOf(userId, page);
  }
}
