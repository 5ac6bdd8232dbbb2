import { Injectable } from '@nestjs/common';
import { newId } from '../../../shared/kernel/ids';
import type { Account } from '../domain/account';
import { AccountRepository, type AccountView, type BalanceChange } from '../application/ports/account-repository';
import { UnitOfWorkSql } from './unit-of-work-sql';

const COLUMNS = `id, kind, owner_id, code, name, currency, posted::text, pending_debits::text, pending_credits::text, created_at, closed_at, mini_app_id`;

@Injectable()
export class SqlAccountRepository extends UnitOfWorkSql implements AccountRepository {
  async lock(accountIds: readonly string[]): Promise<Map<string, Account>> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM wallet.accounts WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(accountIds)]],
    );
    return new Map(rows.map((row) => [row.id, toAccount(row)]));
  }

  async lockUserAccounts(userIds: readonly string[], currency: string): Promise<Map<string, Account>> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM wallet.accounts WHERE kind = 'user' AND currency = $2 AND owner_id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [[...new Set(userIds)], currency],
    );
    return new Map(rows.map((row) => [row.owner_id, toAccount(row)]));
  }

  /** Several changes to one account add up (an UPDATE joined to two rows for one account would apply only one of them). */
  async applyChanges(changes: readonly BalanceChange[]): Promise<void> {
    const touched = changes.filter((c) => c.posted || c.pendingDebits || c.pendingCredits);
    if (!touched.length) return;
    await this.query(
      `UPDATE wallet.accounts a
          SET posted = a.posted + c.posted, pending_debits = a.pending_debits + c.pending_debits, pending_credits = a.pending_credits + c.pending_credits
         FROM (SELECT id, sum(posted) AS posted, sum(pending_debits) AS pending_debits, sum(pending_credits) AS pending_credits
                 FROM unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::bigint[]) AS u(id, posted, pending_debits, pending_credits) GROUP BY id) c
        WHERE a.id = c.id`,
      [
        touched.map((c) => c.accountId),
        touched.map((c) => String(c.posted)),
        touched.map((c) => String(c.pendingDebits)),
        touched.map((c) => String(c.pendingCredits)),
      ],
    );
  }

  async openUserAccount(userId: string, currency: string): Promise<{ account: AccountView; created: boolean } | null> {
    // A closed account marks an erased owner: nothing opens for them again, in any currency.
    const inserted = await this.query(
      `INSERT INTO wallet.accounts (id, kind, owner_id, currency)
       SELECT $1, 'user', $2, $3 WHERE NOT EXISTS (SELECT 1 FROM wallet.accounts WHERE owner_id = $2 AND closed_at IS NOT NULL)
       ON CONFLICT (owner_id, currency) WHERE kind = 'user' DO NOTHING RETURNING ${COLUMNS}`,
      [newId(), userId, currency],
    );
    if (inserted[0]) return { account: toAccount(inserted[0]), created: true };
    const existing = await this.findUserAccount(userId, currency);
    return existing && !existing.closed ? { account: existing, created: false } : null;
  }

  async openMerchantAccount(ownerId: string, currency: string, name: string): Promise<AccountView> {
    const [row] = await this.query(
      `INSERT INTO wallet.accounts (id, kind, owner_id, currency, name) VALUES ($1, 'merchant', $2, $3, $4) RETURNING ${COLUMNS}`,
      [newId(), ownerId, currency, name],
    );
    return toAccount(row);
  }

  async openMiniAppMerchantAccounts(
    { miniAppId, ownerId, name }: { miniAppId: string; ownerId: string; name: string },
    currencies: readonly string[],
  ): Promise<AccountView[]> {
    const rows = await this.query(
      `INSERT INTO wallet.accounts (id, kind, owner_id, mini_app_id, currency, name)
       SELECT id, 'merchant', $1, $2, currency, $3 FROM unnest($4::uuid[], $5::text[]) AS opened(id, currency)
       ON CONFLICT (mini_app_id, currency) WHERE mini_app_id IS NOT NULL DO NOTHING RETURNING ${COLUMNS}`,
      [ownerId, miniAppId, name, currencies.map(() => newId()), [...currencies]],
    );
    return rows.map(toAccount);
  }

  async systemAccountId(code: 'funding' | 'fees', currency: string): Promise<string> {
    const existing = await this.query(
      `SELECT id FROM wallet.accounts WHERE kind = 'system' AND code = $1 AND currency = $2`,
      [code, currency],
    );
    if (existing[0]) return existing[0].id;
    await this.query(
      `INSERT INTO wallet.accounts (id, kind, code, name, currency) VALUES ($1, 'system', $2, $3, $4) ON CONFLICT (code, currency) WHERE kind = 'system' DO NOTHING`,
      [newId(), code, `${code} ${currency}`, currency],
    );
    const [row] = await this.query(
      `SELECT id FROM wallet.accounts WHERE kind = 'system' AND code = $1 AND currency = $2`,
      [code, currency],
    );
    return row.id;
  }

  async findUserAccount(userId: string, currency: string): Promise<AccountView | null> {
    const [row] = await this.query(
      `SELECT ${COLUMNS} FROM wallet.accounts WHERE kind = 'user' AND owner_id = $1 AND currency = $2`,
      [userId, currency],
    );
    return row ? toAccount(row) : null;
  }

  async close(accountIds: readonly string[], at: Date): Promise<void> {
    await this.query(`UPDATE wallet.accounts SET closed_at = $2 WHERE id = ANY($1::uuid[]) AND closed_at IS NULL`, [
      [...accountIds],
      at,
    ]);
  }

  async findById(accountId: string): Promise<AccountView | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wallet.accounts WHERE id = $1`, [accountId]);
    return row ? toAccount(row) : null;
  }

  async ownedBy(userId: string): Promise<AccountView[]> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM wallet.accounts WHERE owner_id = $1 AND kind IN ('user', 'merchant') ORDER BY created_at, id`,
      [userId],
    );
    return rows.map(toAccount);
  }

  async hasWallet(userId: string): Promise<boolean> {
    // An erased owner (their accounts closed) has no wallet any more.
    const [row] = await this.query(
      `SELECT bool_and(closed_at IS NULL) AS open FROM wallet.accounts WHERE owner_id = $1 AND kind = 'user'`,
      [userId],
    );
    return row?.open === true;
  }
}

function toAccount(row: Record<string, any>): AccountView {
  return {
    id: row.id,
    kind: row.kind,
    ownerId: row.owner_id,
    name: row.name,
    currency: row.currency,
    balance: {
      posted: BigInt(row.posted),
      pendingDebits: BigInt(row.pending_debits),
      pendingCredits: BigInt(row.pending_credits),
    },
    createdAt: row.created_at,
    closed: row.closed_at !== null,
    miniAppId: row.mini_app_id,
  };
}
