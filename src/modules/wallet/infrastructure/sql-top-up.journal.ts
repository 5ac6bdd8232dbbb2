import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { Injectable } from '@nestjs/common';
import { AutonomousWrites } from '../../../platform/database/autonomous-writes';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type NewTopUp, TopUpJournal, type TopUpRecord } from '../application/ports/top-up-journal';
import { UnitOfWorkSql } from './unit-of-work-sql';

const COLUMNS = `id, user_id, idempotency_key, instrument_id, provider_token, description, amount::text, currency, status, charge_id, decline_reason, transfer_id, created_at`;

@Injectable()
export class SqlTopUpJournal extends UnitOfWorkSql implements TopUpJournal {
  constructor(
    unitOfWork: UnitOfWork,
    private readonly autonomous: AutonomousWrites,
  ) {
    super(unitOfWork);
  }

  async open(topUp: NewTopUp): Promise<TopUpRecord> {
    // One statement that commits by itself: it inserts, or (same user and key) returns what is there.
    const [row] = await this.autonomous.query<Record<string, any>>(
      `WITH inserted AS (
         INSERT INTO wallet.top_ups (id, user_id, idempotency_key, instrument_id, provider_token, description, amount, currency, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')
         ON CONFLICT (user_id, idempotency_key) DO NOTHING
         RETURNING ${COLUMNS})
       SELECT * FROM inserted
       UNION ALL
       SELECT ${COLUMNS} FROM wallet.top_ups WHERE user_id = $2 AND idempotency_key = $3 AND NOT EXISTS (SELECT 1 FROM inserted)`,
      [
        topUp.id,
        topUp.userId,
        topUp.idempotencyKey,
        topUp.instrumentId,
        topUp.providerToken,
        topUp.description,
        String(topUp.amount),
        topUp.currency,
      ],
    );
    // Only a same-key request racing this one could make both halves empty, and the idempotency lock serializes those.
    if (!row) throw new Error(`top-up ${topUp.userId}/${topUp.idempotencyKey} neither inserted nor found`);
    return toTopUp(row);
  }

  async findByRequest(userId: string, idempotencyKey: string): Promise<TopUpRecord | null> {
    const [row] = await this.query(
      `SELECT ${COLUMNS} FROM wallet.top_ups WHERE user_id = $1 AND idempotency_key = $2`,
      [userId, idempotencyKey],
    );
    return row ? toTopUp(row) : null;
  }

  async lock(id: string): Promise<TopUpRecord | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM wallet.top_ups WHERE id = $1 FOR UPDATE`, [id]);
    return row ? toTopUp(row) : null;
  }

  async resolve(id: string, outcome: Parameters<TopUpJournal['resolve']>[1]): Promise<void> {
    const rows = await this.query(
      `UPDATE wallet.top_ups SET status = $2, charge_id = $3, transfer_id = $4, decline_reason = $5, provider_token = NULL, resolved_at = clock_timestamp()
        WHERE id = $1 AND status = 'pending' RETURNING id`,
      [
        id,
        outcome.status,
        outcome.status === 'succeeded' ? outcome.chargeId : null,
        outcome.status === 'succeeded' ? outcome.transferId : null,
        outcome.status === 'declined' ? outcome.declineReason : null,
      ],
    );
    if (!rows.length) throw new Error(`top-up ${id} was resolved twice`);
  }

  async lockStale(openedBefore: Date, limit: number): Promise<string[]> {
    const rows = await this.query(
      `SELECT id FROM wallet.top_ups
        WHERE status = 'pending' AND created_at < $1 AND (next_attempt_at IS NULL OR next_attempt_at <= clock_timestamp())
        ORDER BY coalesce(next_attempt_at, created_at) LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [openedBefore, limit],
    );
    return rows.map((row) => row.id);
  }

  async deferRecovery(id: string, baseDelayMs: number): Promise<void> {
    await this.autonomous.query(
      `UPDATE wallet.top_ups SET attempts = attempts + 1,
              next_attempt_at = clock_timestamp() + make_interval(secs => least(3600, $2::double precision / 1000 * power(2, least(attempts, 20))))
        WHERE id = $1 AND status = 'pending'`,
      [id, baseDelayMs],
    );
  }

  async hasPending(userId: string): Promise<boolean> {
    return (
      (await this.query(`SELECT 1 FROM wallet.top_ups WHERE user_id = $1 AND status = 'pending' LIMIT 1`, [userId]))
        .length > 0
    );
  }

  pruneResolvedBefore(before: Date, limit: number): Promise<number> {
    return deleteSome(this.unitOfWork, 'wallet.top_ups', "status <> 'pending' AND resolved_at < $1", [before], limit);
  }
}

function toTopUp(row: Record<string, any>): TopUpRecord {
  return {
    id: row.id,
    userId: row.user_id,
    idempotencyKey: row.idempotency_key,
    instrumentId: row.instrument_id,
    providerToken: row.provider_token,
    description: row.description,
    amount: BigInt(row.amount),
    currency: row.currency,
    status: row.status,
    chargeId: row.charge_id,
    declineReason: row.decline_reason,
    transferId: row.transfer_id,
    createdAt: row.created_at,
  };
}
