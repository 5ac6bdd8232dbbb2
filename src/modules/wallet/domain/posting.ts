import { type Account, available, isStoredValue } from './account';

/** One movement: `amount` minor units from `debit` to `credit`. */
export interface Leg {
  debit: string;
  credit: string;
  amount: bigint;
}

export type PostingRefusal =
  | { reason: 'currency-mismatch'; accountId: string }
  | { reason: 'insufficient-funds'; accountId: string }
  | { reason: 'same-account'; accountId: string }
  | { reason: 'account-closed'; accountId: string };

/**
 * Checks legs that post together against the locked accounts, in order, and returns each
 * account's change of posted balance. A leg may spend what an earlier leg of the same posting
 * brought in, never more: every stored-value account stays at or above zero after every leg.
 */
export function planPosting(
  accounts: ReadonlyMap<string, Account>,
  currency: string,
  legs: readonly Leg[],
): { deltas: Map<string, bigint> } | PostingRefusal {
  const deltas = new Map<string, bigint>();
  for (const leg of legs) {
    if (leg.amount <= 0n) throw new RangeError('a leg moves a positive amount');
    if (leg.debit === leg.credit) return { reason: 'same-account', accountId: leg.debit };
    for (const id of [leg.debit, leg.credit]) {
      const account = accounts.get(id);
      if (!account) throw new Error(`account ${id} was not locked for this posting`);
      if (account.currency !== currency) return { reason: 'currency-mismatch', accountId: id };
      if (account.closed) return { reason: 'account-closed', accountId: id };
    }
    const payer = accounts.get(leg.debit)!;
    const after = (deltas.get(payer.id) ?? 0n) - leg.amount;
    if (isStoredValue(payer) && available(payer.balance) + after < 0n)
      return { reason: 'insufficient-funds', accountId: payer.id };
    deltas.set(payer.id, after);
    deltas.set(leg.credit, (deltas.get(leg.credit) ?? 0n) + leg.amount);
  }
  return { deltas };
}
