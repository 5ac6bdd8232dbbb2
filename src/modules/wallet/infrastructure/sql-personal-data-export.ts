import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/**
 * The other side of a movement, unless the person's side is one of their merchant accounts: a
 * mini-app's owner never learns who paid by their wallet account (ADR 0030), an export included.
 * `$1` holds the person's accounts, `$2` their merchant accounts.
 */
const shown = (column: string, otherSide: string) =>
  `CASE WHEN ${column} = ANY($1::uuid[]) OR NOT ${otherSide} = ANY($2::uuid[]) THEN ${column} END`;

/** Who acted (`user:<id>`, `module:payments`…), unless another person: their user id is theirs (`$3` is the person's). */
const actor = (column: string, me = '$3') =>
  `CASE WHEN ${column} = ${me} OR ${column} NOT LIKE 'user:%' THEN ${column} END`;

/** An audit record's details name one of the accounts in the parameter (a hold's payer or payee, a transfer's legs). */
const touches = (accounts: string) =>
  `(a.details->>'payer' = ANY(${accounts}::text[]) OR a.details->>'payee' = ANY(${accounts}::text[])
    OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.details->'legs') = 'array' THEN a.details->'legs' ELSE '[]'::jsonb END) leg
                WHERE leg->>'debit' = ANY(${accounts}::text[]) OR leg->>'credit' = ANY(${accounts}::text[])))`;

/**
 * A person's accounts (their wallet, and the merchant accounts of mini-apps they own) with every
 * entry, transfer and hold on them, their cards and bank accounts, their top-ups, the audit records
 * of what they did or what touched their own wallet (an action of theirs on a merchant account shows
 * without its details, which name the payer), and the retried requests whose answers are kept.
 * Never a provider token (of an instrument or a top-up); amounts in minor units, as the ledger keeps them.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string): Promise<PersonalDataSection> {
    const accounts = await queryRows<{ id: string; kind: string }>(
      this.unitOfWork,
      `SELECT id, kind, currency, mini_app_id AS "miniAppId", posted, pending_debits AS "pendingDebits",
              pending_credits AS "pendingCredits", created_at AS "createdAt"
         FROM wallet.accounts WHERE owner_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const ids = accounts.map((account) => account.id);
    const merchant = accounts.filter((account) => account.kind === 'merchant').map((account) => account.id);
    const personal = accounts.filter((account) => account.kind !== 'merchant').map((account) => account.id);
    const ofAccounts = (sql: string) => queryRows(this.unitOfWork, sql, [ids, merchant, `user:${userId}`]);
    const ofUser = (sql: string, parameter: string = userId) => queryRows(this.unitOfWork, sql, [parameter]);
    return {
      accounts,
      entries: await queryRows(
        this.unitOfWork,
        `SELECT id, account_id AS "accountId", transfer_id AS "transferId", amount, currency, created_at AS "createdAt"
           FROM wallet.entries WHERE account_id = ANY($1::uuid[]) ORDER BY id`,
        [ids],
      ),
      transfers: await ofAccounts(
        `SELECT id, kind, ${shown('debit_account_id', 'credit_account_id')} AS "debitAccountId",
                ${shown('credit_account_id', 'debit_account_id')} AS "creditAccountId", amount, currency,
                reverses_id AS "reversesId", hold_id AS "holdId", reference, note, ${actor('initiated_by')} AS "initiatedBy", created_at AS "createdAt"
           FROM wallet.transfers WHERE debit_account_id = ANY($1::uuid[]) OR credit_account_id = ANY($1::uuid[])
          ORDER BY created_at, id`,
      ),
      holds: await ofAccounts(
        `SELECT id, ${shown('payer_account_id', 'payee_account_id')} AS "payerAccountId",
                ${shown('payee_account_id', 'payer_account_id')} AS "payeeAccountId", amount, currency, status,
                captured_amount AS "capturedAmount", ${actor('created_by')} AS "createdBy", expires_at AS "expiresAt",
                created_at AS "createdAt", settled_at AS "settledAt"
           FROM wallet.holds WHERE payer_account_id = ANY($1::uuid[]) OR payee_account_id = ANY($1::uuid[])
          ORDER BY created_at, id`,
      ),
      instruments: await ofUser(
        `SELECT id, kind, brand, exp_month AS "expMonth", exp_year AS "expYear", iban_masked AS "ibanMasked", country,
                holder_name AS "holderName", created_at AS "createdAt", removed_at AS "removedAt"
           FROM wallet.instruments WHERE owner_id = $1 ORDER BY created_at, id`,
      ),
      topUps: await ofUser(
        `SELECT id, instrument_id AS "instrumentId", description, amount, currency, status, charge_id AS "chargeId",
                decline_reason AS "declineReason", transfer_id AS "transferId", created_at AS "createdAt", resolved_at AS "resolvedAt"
           FROM wallet.top_ups WHERE user_id = $1 ORDER BY created_at, id`,
      ),
      auditLog: await queryRows(
        this.unitOfWork,
        `SELECT seq, occurred_at AS "occurredAt", ${actor('actor', '$1')} AS actor, action, subject,
                CASE WHEN ${touches('$3')} THEN NULL ELSE details END AS details,
                CASE WHEN actor = $1 THEN request_id END AS "requestId"
           FROM wallet.audit_log a
          WHERE actor = $1 OR ${touches('$2')}
          ORDER BY seq`,
        [`user:${userId}`, personal, merchant],
      ),
      // Requests sent with an Idempotency-Key whose first answer is kept for a retry: the answers repeat the records above.
      idempotentRequests: await ofUser(
        `SELECT key, status_code AS "statusCode", created_at AS "createdAt" FROM wallet.idempotency_keys WHERE scope = $1 ORDER BY created_at`,
        `user:${userId}`,
      ),
    };
  }
}
