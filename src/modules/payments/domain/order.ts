import type { OrderState } from '../../../shared/contracts/payments';

export interface Order {
  id: string;
  miniAppId: string;
  openid: string;
  userId: string;
  amount: bigint;
  currency: string;
  description: string;
  merchantReference: string;
  notifyUrl: string;
  state: OrderState;
  failureReason: string | null;
  refundedAmount: bigint;
  paymentTransferId: string | null;
  /** The number of the order's last change (and merchant notification). */
  sequence: number;
  expiresAt: Date;
  createdAt: Date;
  updatedAt: Date;
}

/** Why an order cannot be paid now, if it cannot. A failed payment may be tried again (the user topped up) until the order expires. */
export function paymentRefusal(
  order: Pick<Order, 'state' | 'expiresAt'>,
  now: Date,
): 'already-paid' | 'expired' | null {
  if (order.state === 'paid' || order.state === 'partially-refunded' || order.state === 'refunded')
    return 'already-paid';
  if (order.state === 'expired' || order.expiresAt.getTime() <= now.getTime()) return 'expired';
  return null;
}

/** Open orders (created, or failed and still payable) expire; paid ones never do. */
export const isOpen = (state: OrderState): boolean => state === 'created' || state === 'failed';

/** What a refund of `amount` leaves the order as, or why it cannot be: only paid money, never beyond what is left. */
export function afterRefund(
  order: Pick<Order, 'state' | 'amount' | 'refundedAmount'>,
  amount: bigint,
): { state: OrderState; refundedAmount: bigint } | { refusal: 'not-paid' | 'exceeds-refundable'; refundable: bigint } {
  if (order.state === 'refunded') return { refusal: 'exceeds-refundable', refundable: 0n };
  if (order.state !== 'paid' && order.state !== 'partially-refunded') return { refusal: 'not-paid', refundable: 0n };
  const refundable = order.amount - order.refundedAmount;
  if (amount > refundable) return { refusal: 'exceeds-refundable', refundable };
  const refundedAmount = order.refundedAmount + amount;
  return { state: refundedAmount === order.amount ? 'refunded' : 'partially-refunded', refundedAmount };
}

/** The notification `type` of a change: `order.paid`, `order.refunded`, … (a partial refund is `order.refunded` too, with the amounts). */
export function notificationType(state: OrderState): string {
  return state === 'partially-refunded' ? 'order.refunded' : `order.${state}`;
}
