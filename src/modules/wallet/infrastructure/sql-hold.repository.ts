import { Injectable } from '@nestjs/common';
import { HoldRepository, type HoldRecord } from '../application/ports/hold-repository';
import { UnitOfWorkSql } from './unit-of-work-sql';

const COLUMNS = `id, payer_account_id, payee_account_id, amount::text, currency, status, captured_amount::text, capture_transfer_id, created_by, expires_at, created_at, settled_at`;

@Injectable()
export class SqlHoldRepository extends UnitOfWorkSql implements HoldRepository {
  async insert(hold: Parameters<HoldRepository['insert']>[0]): Promise<HoldRecord> {
    const [row] = await this.query(
      `INSERT INTO wallet.holds (id, payer_account_id, payee_account_id, amount, currency, status, created_by, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7) RETURNING ${COLUMNS}`,
      [
        hold.id,
        hold.payerAccountId,
        hold.payeeAccountId,
        String(hold.amount),
        hold.currency,
        hold.createdBy,
        hold.expiresAt,
      ],
    );
    return toHold(row);
  }

  async find(holdId: string): Promise<HoldRecord | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wallet.holds WHERE id = $1`, [holdId]);
    return row ? toHold(row) : null;
  }

  async lock(holdId: string): Promise<HoldRecord | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wallet.holds WHERE id = $1 FOR UPDATE`, [holdId]);
    return row ? toHold(row) : null;
  }

  async settle(
    holdId: string,
    outcome: {
      status: 'captured' | 'voided' | 'expired';
      capturedAmount: bigint | null;
      captureTransferId: string | null;
    },
  ): Promise<HoldRecord> {
    const [row] = await this.query(
      `UPDATE wallet.holds SET status = $2, captured_amount = $3, capture_transfer_id = $4, settled_at = clock_timestamp()
        WHERE id = $1 AND status = 'pending' RETURNING ${COLUMNS}`,
      [
        holdId,
        outcome.status,
        outcome.capturedAmount === null ? null : String(outcome.capturedAmount),
        outcome.captureTransferId,
      ],
    );
    if (!row) throw new Error(`hold ${holdId} was settled twice`);
    return toHold(row);
  }

  async lockExpired(now: Date, limit: number): Promise<string[]> {
    const rows = await this.query(
      `SELECT id FROM wallet.holds WHERE status = 'pending' AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map((row) => row.id);
  }
}

function toHold(row: Record<string, any>): HoldRecord {
  return {
    id: row.id,
    payerAccountId: row.payer_account_id,
    payeeAccountId: row.payee_account_id,
    amount: BigInt(row.amount),
    currency: row.currency,
    status: row.status,
    capturedAmount: row.captured_amount === null ? null : BigInt(row.captured_amount),
    captureTransferId: row.capture_transfer_id,
    createdBy: row.created_by,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    settledAt: row.settled_at,
  };
}
