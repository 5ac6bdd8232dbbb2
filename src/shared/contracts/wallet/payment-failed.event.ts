import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const PAYMENT_FAILURE_REASONS = [
  'insufficient-funds',
  'limit-exceeded',
  'card-declined',
  'card-insufficient-funds',
  'card-expired',
  'currency-mismatch',
] as const;
export type PaymentFailureReason = (typeof PAYMENT_FAILURE_REASONS)[number];

export const paymentFailedV1 = z.strictObject({
  /** The account that would have received the money: a merchant's, or the funding account for a top-up. */
  merchantAccountId: z.uuid(),
  payerUserId: z.uuid(),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  reason: z.enum(PAYMENT_FAILURE_REASONS),
  failedAt: z.iso.datetime({ offset: true }),
});

export type PaymentFailedV1 = z.infer<typeof paymentFailedV1>;

/** `wallet.payment-failed` v1: a payment or a top-up was refused; nothing moved. */
export class PaymentFailed extends integrationEvent<PaymentFailedV1>({
  type: 'wallet.payment-failed',
  version: 1,
  owner: 'wallet',
  description: 'A payment to a merchant, or a top-up from a card, was refused; no money moved.',
  payload: paymentFailedV1,
  keyOf: (payload) => payload.payerUserId,
}) {}
