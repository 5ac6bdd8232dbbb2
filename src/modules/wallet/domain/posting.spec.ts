import { describe, expect, it } from 'vitest';
import type { Account, AccountKind } from './account';
import { planPosting } from './posting';

const account = (id: string, kind: AccountKind, posted: bigint, pendingDebits = 0n, currency = 'EUR'): Account => ({
  id,
  kind,
  ownerId: kind === 'system' ? null : `owner-${id}`,
  currency,
  balance: { posted, pendingDebits, pendingCredits: 0n },
});
const books = (...accounts: Account[]) => new Map(accounts.map((a) => [a.id, a]));

describe('posting legs to the ledger', () => {
  it('moves money and balances to zero across the accounts', () => {
    const plan = planPosting(books(account('a', 'user', 1_000n), account('b', 'user', 0n)), 'EUR', [
      { debit: 'a', credit: 'b', amount: 400n },
    ]);
    expect(plan).toEqual({
      deltas: new Map([
        ['a', -400n],
        ['b', 400n],
      ]),
    });
  });

  it('refuses to take a stored-value account below zero', () => {
    const plan = planPosting(books(account('a', 'user', 399n), account('b', 'user', 0n)), 'EUR', [
      { debit: 'a', credit: 'b', amount: 400n },
    ]);
    expect(plan).toEqual({ reason: 'insufficient-funds', accountId: 'a' });
  });

  it('refuses any movement into or out of a closed account (its owner was erased)', () => {
    const closed = { ...account('b', 'user', 0n), closed: true };
    const into = planPosting(books(account('a', 'user', 1_000n), closed), 'EUR', [
      { debit: 'a', credit: 'b', amount: 1n },
    ]);
    expect(into).toEqual({ reason: 'account-closed', accountId: 'b' });
    const outOf = planPosting(
      books(account('a', 'user', 0n), { ...closed, balance: { ...closed.balance, posted: 5n } }),
      'EUR',
      [{ debit: 'b', credit: 'a', amount: 1n }],
    );
    expect(outOf).toEqual({ reason: 'account-closed', accountId: 'b' });
  });

  it('counts money reserved by holds as not available', () => {
    const plan = planPosting(books(account('a', 'user', 1_000n, 700n), account('b', 'user', 0n)), 'EUR', [
      { debit: 'a', credit: 'b', amount: 400n },
    ]);
    expect(plan).toEqual({ reason: 'insufficient-funds', accountId: 'a' });
  });

  it('lets the funding account go negative: that is money coming in from outside', () => {
    const plan = planPosting(books(account('funding', 'system', 0n), account('b', 'user', 0n)), 'EUR', [
      { debit: 'funding', credit: 'b', amount: 5_000n },
    ]);
    expect(plan).toEqual({
      deltas: new Map([
        ['funding', -5_000n],
        ['b', 5_000n],
      ]),
    });
  });

  it('lets a later leg spend what an earlier leg brought in, never more', () => {
    const accounts = books(
      account('payer', 'user', 1_000n),
      account('merchant', 'merchant', 0n),
      account('fees', 'system', 0n),
    );
    expect(
      planPosting(accounts, 'EUR', [
        { debit: 'payer', credit: 'merchant', amount: 1_000n },
        { debit: 'merchant', credit: 'fees', amount: 30n },
      ]),
    ).toHaveProperty('deltas');
    expect(
      planPosting(accounts, 'EUR', [
        { debit: 'merchant', credit: 'fees', amount: 30n },
        { debit: 'payer', credit: 'merchant', amount: 1_000n },
      ]),
    ).toEqual({
      reason: 'insufficient-funds',
      accountId: 'merchant',
    });
  });

  it('refuses an account in another currency', () => {
    const plan = planPosting(books(account('a', 'user', 1_000n), account('b', 'user', 0n, 0n, 'USD')), 'EUR', [
      { debit: 'a', credit: 'b', amount: 1n },
    ]);
    expect(plan).toEqual({ reason: 'currency-mismatch', accountId: 'b' });
  });

  it('refuses to move money from an account to itself', () => {
    expect(planPosting(books(account('a', 'user', 1_000n)), 'EUR', [{ debit: 'a', credit: 'a', amount: 1n }])).toEqual({
      reason: 'same-account',
      accountId: 'a',
    });
  });
});
