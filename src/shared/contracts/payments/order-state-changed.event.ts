import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const ORDER_STATES = ['created', 'paid', 'failed', 'expired', 'partially-refunded', 'refunded'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export const orderStateChangedV1 = z.strictObject({
  orderId: z.uuid(),
  miniAppId: z.uuid(),
  /**
   * The platform user who pays (never sent to the merchant: its notification names the payer by
   * pairwise id), for the payer's privacy report. Absent in events published before it was added.
   */
  userId: z.uuid().optional(),
  state: z.enum(ORDER_STATES),
  /** 1, 2, …: the order's changes in the order they happened (also the merchant notification's). */
  sequence: z.number().int().positive(),
  amount: z.number().int().positive(),
  refundedAmount: z.number().int().min(0),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** Why a payment failed (`insufficient-funds`, `limit-exceeded`, …); null otherwise. */
  reason: z.string().max(60).nullable(),
  at: z.iso.datetime({ offset: true }),
});

export type OrderStateChangedV1 = z.infer<typeof orderStateChangedV1>;

/**
 * `payments.order-state-changed` v1: a mini-app order was paid, failed, expired or refunded (in part
 * or in full). Ids and amounts only: the payer by their platform id, nothing else of them.
 */
export class OrderStateChanged extends integrationEvent<OrderStateChangedV1>({
  type: 'payments.order-state-changed',
  version: 1,
  owner: 'payments',
  description:
    'A mini-app order changed: paid, failed (with the reason), expired, or refunded in part or in full; its merchant is notified.',
  payload: orderStateChangedV1,
  keyOf: (payload) => payload.orderId,
}) {}
