import { Injectable } from '@nestjs/common';
import type { TransferKind } from '../../../shared/contracts/wallet';
import {
  type NewTransfer,
  type StatementFilter,
  type StatementLine,
  type Transfer,
  TransferRepository,
} from '../application/ports/transfer-repository';
import { UnitOfWorkSql } from './unit-of-work-sql';

const COLUMNS = `t.id, t.kind, t.debit_account_id, t.credit_account_id, t.amount::text, t.currency, t.reverses_id, t.group_id, t.hold_id,
                 t.reference, t.note, t.initiated_by, t.created_at`;

@Injectable()
export class SqlTransferRepository extends UnitOfWorkSql implements TransferRepository {
  async insert(transfers: readonly NewTransfer[]): Promise<Transfer[]> {
    const column = <K extends keyof NewTransfer>(key: K) =>
      transfers.map((t) => (typeof t[key] === 'bigint' ? String(t[key]) : t[key]));
    const rows = await this.query(
      `WITH t AS (
         INSERT INTO wallet.transfers (id, kind, debit_account_id, credit_account_id, amount, currency, reverses_id, group_id, hold_id, reference, note, initiated_by)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::uuid[], $5::bigint[], $6::char(3)[], $7::uuid[], $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::text[])
         RETURNING *),
       e AS (
         INSERT INTO wallet.entries (transfer_id, account_id, amount, currency)
         SELECT id, debit_account_id, -amount, currency FROM t UNION ALL SELECT id, credit_account_id, amount, currency FROM t)
       SELECT ${COLUMNS} FROM t`,
      [
        column('id'),
        column('kind'),
        column('debitAccountId'),
        column('creditAccountId'),
        column('amount'),
        column('currency'),
        column('reversesId'),
        column('groupId'),
        column('holdId'),
        column('reference'),
        column('note'),
        column('initiatedBy'),
      ],
    );
    const byId = new Map(rows.map((row) => [row.id, toTransfer(row)]));
    return transfers.map((t) => byId.get(t.id)!);
  }

  async findById(transferId: string): Promise<Transfer | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wallet.transfers t WHERE t.id = $1`, [transferId]);
    return row ? toTransfer(row) : null;
  }

  async findPayment(merchantAccountId: string, reference: string): Promise<string | null> {
    const [row] = await this.query(
      `SELECT id FROM wallet.transfers WHERE credit_account_id = $1 AND reference = $2 AND kind = 'payment' ORDER BY created_at LIMIT 1`,
      [merchantAccountId, reference],
    );
    return row ? String(row.id) : null;
  }

  async refundedSoFar(transferId: string): Promise<bigint> {
    const [row] = await this.query(
      `SELECT coalesce(sum(amount), 0)::text AS total FROM wallet.transfers WHERE reverses_id = $1 AND kind = 'refund'`,
      [transferId],
    );
    return BigInt(row.total);
  }

  async outgoingSince(accountId: string, since: Date, kinds: readonly TransferKind[]): Promise<bigint> {
    return (await this.outgoingSinceAll([accountId], since, kinds)).get(accountId) ?? 0n;
  }

  async outgoingSinceAll(
    accountIds: readonly string[],
    since: Date,
    kinds: readonly TransferKind[],
  ): Promise<Map<string, bigint>> {
    const rows = await this.query(
      `SELECT debit_account_id, sum(amount)::text AS total FROM wallet.transfers
        WHERE debit_account_id = ANY($1::uuid[]) AND created_at > $2 AND kind = ANY($3::text[]) GROUP BY debit_account_id`,
      [[...new Set(accountIds)], since, kinds],
    );
    return new Map(rows.map((row) => [row.debit_account_id, BigInt(row.total)]));
  }

  async statement(filter: StatementFilter): Promise<StatementLine[]> {
    const rows = await this.queryPlannedEachTime(
      `SELECT e.id AS entry_id, e.account_id, e.amount::text AS entry_amount, ${COLUMNS}
         FROM wallet.entries e JOIN wallet.transfers t ON t.id = e.transfer_id
        WHERE e.account_id = ANY($1::uuid[]) AND ($2::bigint IS NULL OR e.id < $2)
          AND ($3::timestamptz IS NULL OR t.created_at >= $3) AND ($4::timestamptz IS NULL OR t.created_at < $4)
          AND ($5::text IS NULL OR t.kind = $5)
        ORDER BY e.id DESC LIMIT $6`,
      [
        filter.accountIds,
        filter.before ?? null,
        filter.from ?? null,
        filter.to ?? null,
        filter.kind ?? null,
        filter.limit,
      ],
    );
    return rows.map((row) => ({
      entryId: String(row.entry_id),
      accountId: row.account_id,
      amount: BigInt(row.entry_amount),
      transfer: toTransfer(row),
    }));
  }
}

function toTransfer(row: Record<string, any>): Transfer {
  return {
    id: row.id,
    kind: row.kind,
    debitAccountId: row.debit_account_id,
    creditAccountId: row.credit_account_id,
    amount: BigInt(row.amount),
    currency: row.currency,
    reversesId: row.reverses_id,
    groupId: row.group_id,
    holdId: row.hold_id,
    reference: row.reference,
    note: row.note,
    initiatedBy: row.initiated_by,
    createdAt: row.created_at,
  };
}
