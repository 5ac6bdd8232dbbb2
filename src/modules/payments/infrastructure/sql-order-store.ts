import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { Order } from '../domain/order';
import {
  type NewNotification,
  type NewOrder,
  type OrderChange,
  OrderStore,
  type StoredRefund,
} from '../application/ports/order-store';

const COLUMNS = `id, mini_app_id, openid, user_id, amount::text, currency, description, merchant_reference, notify_url, state, failure_reason, refunded_amount::text, payment_transfer_id, sequence, expires_at, created_at, updated_at`;

@Injectable()
export class SqlOrderStore extends OrderStore {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private query<T = any>(sql: string, parameters: unknown[]): Promise<T[]> {
    return queryRows<T>(this.unitOfWork, sql, parameters);
  }

  async insert(order: NewOrder): Promise<{ order: Order; requestFingerprint: string; created: boolean }> {
    const [inserted] = await this.query(
      `INSERT INTO payments.orders (id, mini_app_id, openid, user_id, amount, currency, description, merchant_reference, notify_url, state, idempotency_key, request_fingerprint, expires_at, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'created', $10, $11, $12, $13, $13)
       ON CONFLICT (mini_app_id, idempotency_key) DO NOTHING RETURNING ${COLUMNS}, request_fingerprint`,
      [
        order.id,
        order.miniAppId,
        order.openid,
        order.userId,
        order.amount.toString(),
        order.currency,
        order.description,
        order.merchantReference,
        order.notifyUrl,
        order.idempotencyKey,
        order.requestFingerprint,
        order.expiresAt,
        order.createdAt,
      ],
    );
    if (inserted) return { order: toOrder(inserted), requestFingerprint: inserted.request_fingerprint, created: true };
    const [earlier] = await this.query(
      `SELECT ${COLUMNS}, request_fingerprint FROM payments.orders WHERE mini_app_id = $1 AND idempotency_key = $2`,
      [order.miniAppId, order.idempotencyKey],
    );
    return { order: toOrder(earlier), requestFingerprint: earlier.request_fingerprint, created: false };
  }

  async find(orderId: string): Promise<Order | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM payments.orders WHERE id = $1`, [orderId]);
    return row ? toOrder(row) : null;
  }

  async lock(orderId: string): Promise<Order | null> {
    const [row] = await this.query(`SELECT ${COLUMNS} FROM payments.orders WHERE id = $1 FOR UPDATE`, [orderId]);
    return row ? toOrder(row) : null;
  }

  async change(orderId: string, change: OrderChange): Promise<Order> {
    const [row] = await this.query(
      `UPDATE payments.orders SET state = $2, failure_reason = CASE WHEN $3::boolean THEN $4 ELSE failure_reason END, refunded_amount = COALESCE($5::bigint, refunded_amount),
              payment_transfer_id = COALESCE($6::uuid, payment_transfer_id), sequence = sequence + 1, updated_at = $7
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [
        orderId,
        change.state,
        change.failureReason !== undefined,
        change.failureReason ?? null,
        change.refundedAmount?.toString() ?? null,
        change.paymentTransferId ?? null,
        change.at,
      ],
    );
    return toOrder(row);
  }

  async lockExpired(now: Date, limit: number): Promise<Order[]> {
    const rows = await this.query(
      `SELECT ${COLUMNS} FROM payments.orders WHERE state IN ('created', 'failed') AND expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return rows.map(toOrder);
  }

  async findConfirmation(orderId: string, idempotencyKey: string): Promise<{ userId: string; answer: unknown } | null> {
    const [row] = await this.query(
      `SELECT user_id, answer FROM payments.confirmations WHERE order_id = $1 AND idempotency_key = $2`,
      [orderId, idempotencyKey],
    );
    return row ? { userId: row.user_id, answer: row.answer } : null;
  }

  async saveConfirmation(
    orderId: string,
    idempotencyKey: string,
    userId: string,
    answer: unknown,
    at: Date,
  ): Promise<void> {
    await this.query(
      `INSERT INTO payments.confirmations (order_id, idempotency_key, user_id, answer, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [orderId, idempotencyKey, userId, JSON.stringify(answer), at],
    );
  }

  async findRefund(orderId: string, idempotencyKey: string): Promise<StoredRefund | null> {
    const [row] = await this.query(
      `SELECT id, order_id, amount::text, transfer_id, request_fingerprint, created_at FROM payments.refunds WHERE order_id = $1 AND idempotency_key = $2`,
      [orderId, idempotencyKey],
    );
    return row
      ? {
          id: row.id,
          orderId: row.order_id,
          amount: BigInt(row.amount),
          transferId: row.transfer_id,
          requestFingerprint: row.request_fingerprint,
          createdAt: row.created_at,
        }
      : null;
  }

  async saveRefund(refund: StoredRefund & { idempotencyKey: string }): Promise<void> {
    await this.query(
      `INSERT INTO payments.refunds (id, order_id, idempotency_key, request_fingerprint, amount, transfer_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        refund.id,
        refund.orderId,
        refund.idempotencyKey,
        refund.requestFingerprint,
        refund.amount.toString(),
        refund.transferId,
        refund.createdAt,
      ],
    );
  }

  async insertNotification(n: NewNotification): Promise<void> {
    await this.query(
      `INSERT INTO payments.notifications (id, order_id, mini_app_id, sequence, type, payload, url, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [n.id, n.orderId, n.miniAppId, n.sequence, n.type, JSON.stringify(n.payload), n.url, n.createdAt],
    );
  }

  async forgetConfirmationsOf(userId: string): Promise<void> {
    await this.query(`DELETE FROM payments.confirmations WHERE user_id = $1`, [userId]);
  }
}

function toOrder(row: Record<string, any>): Order {
  return {
    id: row.id,
    miniAppId: row.mini_app_id,
    openid: row.openid,
    userId: row.user_id,
    amount: BigInt(row.amount),
    currency: row.currency,
    description: row.description,
    merchantReference: row.merchant_reference,
    notifyUrl: row.notify_url,
    state: row.state,
    failureReason: row.failure_reason,
    refundedAmount: BigInt(row.refunded_amount),
    paymentTransferId: row.payment_transfer_id,
    sequence: row.sequence,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
