import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { PersonalDataSection } from '../../../shared/contracts/privacy';
import { PersonalDataExport } from '../application/ports/personal-data-export';

/**
 * A person's accounts (their wallet, and the merchant accounts of mini-apps they own) with every
 * entry, transfer and hold on them, their cards and bank accounts, their top-ups, the audit records
 * of what they did or what touched their accounts, and the retried requests whose answers are kept.
 * Never a provider token (of an instrument or a top-up); amounts in minor units, as the ledger keeps them.
 */
@Injectable()
export class SqlPersonalDataExport extends PersonalDataExport {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async sectionOf(userId: string): Promise<PersonalDataSection> {
    const accounts = await queryRows<{ id: string }>(
      this.unitOfWork,
      `SELECT id, kind, currency, mini_app_id AS "miniAppId", posted, pending_debits AS "pendingDebits",
              pending_credits AS "pendingCredits", created_at AS "createdAt"
         FROM wallet.accounts WHERE owner_id = $1 ORDER BY created_at, id`,
      [userId],
    );
    const ids = accounts.map((account) => account.id);
    const ofAccounts = (sql: string) => queryRows(this.unitOfWork, sql, [ids]);
    const ofUser = (sql: string, parameter: string = userId) => queryRows(this.unitOfWork, sql, [parameter]);
    return {
      accounts,
      entries: await ofAccounts(
        `SELECT id, account_id AS "accountId", transfer_id AS "transferId", amount, currency, created_at AS "createdAt"
           FROM wallet.entries WHERE account_id = ANY($1::uuid[]) ORDER BY id`,
      ),
      transfers: await ofAccounts(
        `SELECT id, kind, debit_account_id AS "debitAccountId", credit_account_id AS "creditAccountId", amount, currency,
                reverses_id AS "reversesId", hold_id AS "holdId", reference, note, initiated_by AS "initiatedBy", created_at AS "createdAt"
           FROM wallet.transfers WHERE debit_account_id = ANY($1::uuid[]) OR credit_account_id = ANY($1::uuid[])
          ORDER BY created_at, id`,
      ),
      holds: await ofAccounts(
        `SELECT id, payer_account_id AS "payerAccountId", payee_account_id AS "payeeAccountId", amount, currency, status,
                captured_amount AS "capturedAmount", created_by AS "createdBy", expires_at AS "expiresAt",
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
        `SELECT seq, occurred_at AS "occurredAt", actor, action, subject, details, request_id AS "requestId"
           FROM wallet.audit_log a
          WHERE actor = $1
             OR details->>'payer' = ANY($2::text[]) OR details->>'payee' = ANY($2::text[])
             OR EXISTS (SELECT 1 FROM jsonb_array_elements(CASE WHEN jsonb_typeof(a.details->'legs') = 'array' THEN a.details->'legs' ELSE '[]'::jsonb END) leg
                         WHERE leg->>'debit' = ANY($2::text[]) OR leg->>'credit' = ANY($2::text[]))
          ORDER BY seq`,
        [`user:${userId}`, ids],
      ),
      // Requests sent with an Idempotency-Key whose first answer is kept for a retry: the answers repeat the records above.
      idempotentRequests: await ofUser(
        `SELECT key, status_code AS "statusCode", created_at AS "createdAt" FROM wallet.idempotency_keys WHERE scope = $1 ORDER BY created_at`,
        `user:${userId}`,
      ),
    };
  }
}
