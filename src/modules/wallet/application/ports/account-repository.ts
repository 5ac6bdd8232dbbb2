import type { Account } from '../../domain/account';

export interface AccountView extends Account {
  name: string | null;
  /** The mini-app a merchant account takes payments for; null for others. */
  miniAppId: string | null;
  createdAt: Date;
}

/** Changes to apply to one account's cached balances, in the same transaction as its entries. */
export interface BalanceChange {
  accountId: string;
  posted: bigint;
  pendingDebits: bigint;
  pendingCredits: bigint;
}

export abstract class AccountRepository {
  /** Locks the accounts until the unit of work ends, always in id order (no deadlock between two postings), and returns those that exist. */
  abstract lock(accountIds: readonly string[]): Promise<Map<string, Account>>;
  /** Locks the stored-value accounts in `currency` of these users (id order, as `lock`), keyed by owner; users without one are absent. */
  abstract lockUserAccounts(userIds: readonly string[], currency: string): Promise<Map<string, Account>>;
  abstract applyChanges(changes: readonly BalanceChange[]): Promise<void>;
  /** Opens the user's account in `currency` unless it exists; says whether this call created it. Null for an erased owner. */
  abstract openUserAccount(
    userId: string,
    currency: string,
  ): Promise<{ account: AccountView; created: boolean } | null>;
  abstract openMerchantAccount(ownerId: string, currency: string, name: string): Promise<AccountView>;
  /** Opens the mini-app's merchant accounts in these currencies, skipping those it has; returns the ones this call opened. */
  abstract openMiniAppMerchantAccounts(
    miniApp: { miniAppId: string; ownerId: string; name: string },
    currencies: readonly string[],
  ): Promise<AccountView[]>;
  /** The id of a system account (`funding`, `fees`) in `currency`, created on first use. */
  abstract systemAccountId(code: 'funding' | 'fees', currency: string): Promise<string>;
  abstract findUserAccount(userId: string, currency: string): Promise<AccountView | null>;
  /** Closes the accounts for good (an erasure); closed ones stay as they were. */
  abstract close(accountIds: readonly string[], at: Date): Promise<void>;
  abstract findById(accountId: string): Promise<AccountView | null>;
  /** The user's own accounts (stored value and merchant), oldest first. */
  abstract ownedBy(userId: string): Promise<AccountView[]>;
  abstract hasWallet(userId: string): Promise<boolean>;
}
