/** user: a person's stored value; merchant: a seller's stored value; system: the platform's own books. */
export type AccountKind = 'user' | 'merchant' | 'system';

export interface Balance {
  /** Σ credits − Σ debits of posted transfers. */
  posted: bigint;
  /** Money reserved by open holds on this account as payer. */
  pendingDebits: bigint;
  /** Money promised to this account by open holds as payee. */
  pendingCredits: bigint;
}

export interface Account {
  id: string;
  kind: AccountKind;
  /** The user who owns a user or merchant account; null for system accounts. */
  ownerId: string | null;
  currency: string;
  balance: Balance;
  /** Closed for good (its owner was erased): no movement may touch it. */
  closed?: boolean;
}

/** What the owner may spend: posted money not reserved by holds. */
export const available = (balance: Balance): bigint => balance.posted - balance.pendingDebits;

/** Stored value is real money people hold: it never goes below zero. Only system accounts (funding) may. */
export const isStoredValue = (account: Pick<Account, 'kind'>): boolean => account.kind !== 'system';
