import type { OrderState } from '../../../../shared/contracts/payments';
import type { Order } from '../../domain/order';

export type NewOrder = Omit<
  Order,
  'state' | 'failureReason' | 'refundedAmount' | 'paymentTransferId' | 'sequence' | 'updatedAt'
> & { idempotencyKey: string; requestFingerprint: string };

export interface OrderChange {
  state: OrderState;
  failureReason?: string | null;
  refundedAmount?: bigint;
  paymentTransferId?: string | null;
  at: Date;
}

export interface StoredRefund {
  id: string;
  orderId: string;
  amount: bigint;
  transferId: string;
  requestFingerprint: string;
  createdAt: Date;
}

export interface NewNotification {
  id: string;
  orderId: string;
  miniAppId: string;
  sequence: number;
  type: string;
  payload: unknown;
  url: string;
  createdAt: Date;
}

/** Orders and what happens to them, in the current unit of work. */
export abstract class OrderStore {
  /** Inserts the order unless the mini-app used this key before; returns the stored one (new or earlier) and its request fingerprint. */
  abstract insert(order: NewOrder): Promise<{ order: Order; requestFingerprint: string; created: boolean }>;
  abstract find(orderId: string): Promise<Order | null>;
  /** Locks the order until the unit of work ends. */
  abstract lock(orderId: string): Promise<Order | null>;
  /** Applies a change and counts it: returns the order as changed, with its new sequence number. */
  abstract change(orderId: string, change: OrderChange): Promise<Order>;
  /** Open orders whose expiry has passed, locked (skipping those another transaction holds). */
  abstract lockExpired(now: Date, limit: number): Promise<Order[]>;
  abstract findConfirmation(
    orderId: string,
    idempotencyKey: string,
  ): Promise<{ userId: string; answer: unknown } | null>;
  abstract saveConfirmation(
    orderId: string,
    idempotencyKey: string,
    userId: string,
    answer: unknown,
    at: Date,
  ): Promise<void>;
  abstract findRefund(orderId: string, idempotencyKey: string): Promise<StoredRefund | null>;
  abstract saveRefund(refund: StoredRefund & { idempotencyKey: string }): Promise<void>;
  abstract insertNotification(notification: NewNotification): Promise<void>;
  /** An erasure: the person's kept answers to retried confirmations go (orders stay: they are records of sales). */
  abstract forgetConfirmationsOf(userId: string): Promise<void>;
}
