import { Injectable } from '@nestjs/common';
import { type Discrepancy, LedgerChecks } from '../application/ports/ledger-checks';
import { UnitOfWorkSql } from './unit-of-work-sql';

/** Every check reports all it finds (capped per check, so a broken ledger still gives a readable report). */
const CAP = 1_000;

@Injectable()
export class SqlLedgerChecks extends UnitOfWorkSql implements LedgerChecks {
  async counts(): Promise<{ accounts: number; transfers: number; entries: number }> {
    const [row] = await this.query(
      `SELECT (SELECT count(*) FROM wallet.accounts)::int AS accounts, (SELECT count(*) FROM wallet.transfers)::int AS transfers,
              (SELECT count(*) FROM wallet.entries)::int AS entries`,
    );
    return row;
  }

  async unbalancedCurrencies(): Promise<Discrepancy[]> {
    const rows = await this.query(
      `SELECT currency, sum(amount)::text AS total FROM wallet.entries GROUP BY currency HAVING sum(amount) <> 0 LIMIT ${CAP}`,
    );
    return rows.map((row) => ({
      check: 'currency-balance',
      subject: row.currency,
      detail: `entries in ${row.currency} sum to ${row.total}, not 0`,
    }));
  }

  async malformedTransfers(): Promise<Discrepancy[]> {
    const rows = await this.query(
      `SELECT t.id, t.amount::text AS amount, count(e.id)::int AS entries, coalesce(sum(e.amount), 0)::text AS total,
              coalesce(bool_and(e.account_id IN (t.debit_account_id, t.credit_account_id) AND e.currency = t.currency), false) AS consistent,
              coalesce(sum(e.amount) FILTER (WHERE e.account_id = t.credit_account_id), 0)::text AS credited
         FROM wallet.transfers t LEFT JOIN wallet.entries e ON e.transfer_id = t.id
        GROUP BY t.id
       HAVING count(e.id) <> 2 OR coalesce(sum(e.amount), 0) <> 0 OR NOT coalesce(bool_and(e.account_id IN (t.debit_account_id, t.credit_account_id) AND e.currency = t.currency), false)
           OR coalesce(sum(e.amount) FILTER (WHERE e.account_id = t.credit_account_id), 0) <> t.amount
        LIMIT ${CAP}`,
    );
    return rows.map((row) => ({
      check: 'transfer-entries',
      subject: row.id,
      detail: `transfer of ${row.amount} has ${row.entries} entries summing to ${row.total}, ${row.credited} credited${row.consistent ? '' : ', on other accounts or currencies'}`,
    }));
  }

  async strayEntries(): Promise<Discrepancy[]> {
    const rows = await this.query(
      `SELECT e.id::text AS id, e.account_id, e.currency, a.currency AS account_currency FROM wallet.entries e
         LEFT JOIN wallet.accounts a ON a.id = e.account_id
        WHERE a.id IS NULL OR a.currency <> e.currency LIMIT ${CAP}`,
    );
    return rows.map((row) => ({
      check: 'transfer-entries',
      subject: row.account_id,
      detail:
        row.account_currency === null
          ? `entry ${row.id} is on an account that does not exist`
          : `entry ${row.id} is in ${row.currency} on a ${row.account_currency} account`,
    }));
  }

  async driftedBalances(): Promise<Discrepancy[]> {
    const rows = await this.query(
      `WITH posted AS (SELECT account_id, sum(amount) AS total FROM wallet.entries GROUP BY account_id),
            reserved AS (SELECT payer_account_id AS account_id, sum(amount) AS total FROM wallet.holds WHERE status = 'pending' GROUP BY payer_account_id),
            promised AS (SELECT payee_account_id AS account_id, sum(amount) AS total FROM wallet.holds WHERE status = 'pending' GROUP BY payee_account_id)
       SELECT a.id, a.kind, a.posted::text, coalesce(p.total, 0)::text AS entries, a.pending_debits::text, coalesce(r.total, 0)::text AS holds_as_payer,
              a.pending_credits::text, coalesce(pr.total, 0)::text AS holds_as_payee
         FROM wallet.accounts a LEFT JOIN posted p ON p.account_id = a.id LEFT JOIN reserved r ON r.account_id = a.id LEFT JOIN promised pr ON pr.account_id = a.id
        WHERE a.posted <> coalesce(p.total, 0) OR a.pending_debits <> coalesce(r.total, 0) OR a.pending_credits <> coalesce(pr.total, 0)
           OR (a.kind <> 'system' AND a.posted - a.pending_debits < 0)
        LIMIT ${CAP}`,
    );
    return rows.flatMap((row): Discrepancy[] => {
      const found: Discrepancy[] = [];
      if (row.posted !== row.entries)
        found.push({
          check: 'posted-balance',
          subject: row.id,
          detail: `posted balance ${row.posted}, but its entries sum to ${row.entries}`,
        });
      if (row.pending_debits !== row.holds_as_payer || row.pending_credits !== row.holds_as_payee) {
        found.push({
          check: 'pending-balance',
          subject: row.id,
          detail: `pending ${row.pending_debits} out / ${row.pending_credits} in, but open holds reserve ${row.holds_as_payer} / ${row.holds_as_payee}`,
        });
      }
      if (row.kind !== 'system' && BigInt(row.posted) - BigInt(row.pending_debits) < 0n) {
        found.push({
          check: 'negative-stored-value',
          subject: row.id,
          detail: `available balance ${BigInt(row.posted) - BigInt(row.pending_debits)} is below zero`,
        });
      }
      return found;
    });
  }
}
