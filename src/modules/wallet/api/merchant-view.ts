import type { QueryBus } from '@nestjs/cqrs';
import { ListAccounts } from '../application/queries/list-accounts.query';
import { MerchantView } from '../domain/merchant-view';

/** The caller's merchant accounts, for answers that must not show them who paid (see MerchantView). */
export async function merchantViewOf(queries: QueryBus, userId: string): Promise<MerchantView> {
  const accounts = await queries.execute(new ListAccounts(userId));
  const merchant = accounts.filter((account) => account.kind === 'merchant');
  return merchant.length ? new MerchantView(new Set(merchant.map((account) => account.id))) : MerchantView.NONE;
}
