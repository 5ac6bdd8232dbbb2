import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Contact, ContactBook } from '../application/ports/contact-book';

import { NOT_ERASED } from './erased-subjects';

/** A contact is a counterparty whose account and profile are both known; events may arrive in any order, so the join is made when read. */
const CONTACTS = `
  SELECT theirs.user_id, profile.display_name, max(c.last_paid_at) AS last_paid_at
  FROM runtime.wallet_accounts mine
  JOIN runtime.counterparties c ON c.account_id = mine.account_id
  JOIN runtime.wallet_accounts theirs ON theirs.account_id = c.counterparty_account_id
  JOIN runtime.user_profiles profile ON profile.user_id = theirs.user_id
  WHERE mine.user_id = $1 AND theirs.user_id <> $1`;

@Injectable()
export class SqlContactBook extends ContactBook {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async keepAccounts(accounts: ReadonlyArray<{ accountId: string; userId: string }>): Promise<void> {
    if (!accounts.length) return;
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.wallet_accounts (account_id, user_id)
       SELECT DISTINCT ON (k.account_id) k.account_id, k.user_id FROM unnest($1::uuid[], $2::uuid[]) AS k(account_id, user_id)
        WHERE ${NOT_ERASED('k.account_id, k.user_id')}
        ORDER BY k.account_id
       ON CONFLICT (account_id) DO NOTHING`,
      [accounts.map((a) => a.accountId), accounts.map((a) => a.userId)],
    );
  }

  async keepPayments(payments: ReadonlyArray<{ fromAccountId: string; toAccountId: string; at: Date }>): Promise<void> {
    if (!payments.length) return;
    // One row per pair (an upsert may not touch a row twice in one statement), with the latest time; rows in
    // key order, so two batches upserting the same pairs wait for each other instead of deadlocking.
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.counterparties (account_id, counterparty_account_id, last_paid_at)
       SELECT pair.a, pair.b, max(p.at)
         FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[]) AS p(from_id, to_id, at)
        CROSS JOIN LATERAL (VALUES (p.from_id, p.to_id), (p.to_id, p.from_id)) AS pair(a, b)
        WHERE ${NOT_ERASED('p.from_id, p.to_id')}
        GROUP BY pair.a, pair.b
        ORDER BY pair.a, pair.b
       ON CONFLICT (account_id, counterparty_account_id) DO UPDATE SET last_paid_at = greatest(runtime.counterparties.last_paid_at, excluded.last_paid_at)`,
      [payments.map((p) => p.fromAccountId), payments.map((p) => p.toAccountId), payments.map((p) => p.at)],
    );
  }

  async list(userId: string, limit: number): Promise<Contact[]> {
    const rows = await queryRows(
      this.unitOfWork,
      `${CONTACTS} GROUP BY theirs.user_id, profile.display_name ORDER BY last_paid_at DESC, theirs.user_id LIMIT $2`,
      [userId, limit],
    );
    return rows.map(toContact);
  }

  async find(userId: string, contactUserId: string): Promise<Contact | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `${CONTACTS} AND theirs.user_id = $2 GROUP BY theirs.user_id, profile.display_name`,
      [userId, contactUserId],
    );
    return row ? toContact(row) : null;
  }
}

const toContact = (row: { user_id: string; display_name: string }): Contact => ({
  userId: row.user_id,
  displayName: row.display_name,
});
