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

  async keepAccount(accountId: string, userId: string): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.wallet_accounts (account_id, user_id) SELECT $1, $2 WHERE ${NOT_ERASED('$1::uuid, $2::uuid')}
       ON CONFLICT (account_id) DO NOTHING`,
      [accountId, userId],
    );
  }

  async keepPayment(fromAccountId: string, toAccountId: string, at: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.counterparties (account_id, counterparty_account_id, last_paid_at)
       SELECT a, b, $3 FROM (VALUES ($1::uuid, $2::uuid), ($2::uuid, $1::uuid)) AS pair(a, b) WHERE ${NOT_ERASED('$1::uuid, $2::uuid')}
       ON CONFLICT (account_id, counterparty_account_id) DO UPDATE SET last_paid_at = greatest(runtime.counterparties.last_paid_at, excluded.last_paid_at)`,
      [fromAccountId, toAccountId, at],
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
