import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ResolveOpenid } from '../../../../shared/contracts/runtime';
import { isUuid } from '../../../../shared/kernel/ids';
import { PairwiseIds } from '../ports/pairwise-ids';

/** The runtime keeps every pairwise id it computed, so it can say whose one is (ADR 0015). */
@QueryHandler(ResolveOpenid)
export class ResolveOpenidHandler implements IQueryHandler<ResolveOpenid, { userId: string } | null> {
  constructor(private readonly pairwiseIds: PairwiseIds) {}

  async execute({ miniAppId, openid }: ResolveOpenid): Promise<{ userId: string } | null> {
    if (!isUuid(miniAppId) || openid.length > 200) return null;
    const userId = await this.pairwiseIds.userOf(miniAppId, openid);
    return userId ? { userId } : null;
  }
}
