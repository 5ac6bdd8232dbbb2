import { describe, expect, it } from 'vitest';
import { afterRefund, notificationType, paymentRefusal } from './order';

const now = new Date('2030-01-01T12:00:00Z');
const later = new Date('2030-01-01T12:15:00Z');

describe('whether an order can be paid', () => {
  it('can be paid while created, and again after a failed attempt, until it expires', () => {
    expect(paymentRefusal({ state: 'created', expiresAt: later }, now)).toBeNull();
    expect(paymentRefusal({ state: 'failed', expiresAt: later }, now)).toBeNull();
    expect(paymentRefusal({ state: 'created', expiresAt: now }, now)).toBe('expired');
    expect(paymentRefusal({ state: 'expired', expiresAt: later }, now)).toBe('expired');
  });

  it('is never paid twice, refunded or not', () => {
    for (const state of ['paid', 'partially-refunded', 'refunded'] as const)
      expect(paymentRefusal({ state, expiresAt: later }, now)).toBe('already-paid');
  });
});

describe('refunds of an order', () => {
  const paid = { state: 'paid' as const, amount: 1_000n, refundedAmount: 0n };

  it('gives back part, then the rest, never more than was paid', () => {
    expect(afterRefund(paid, 300n)).toEqual({ state: 'partially-refunded', refundedAmount: 300n });
    expect(afterRefund({ ...paid, state: 'partially-refunded', refundedAmount: 300n }, 700n)).toEqual({
      state: 'refunded',
      refundedAmount: 1_000n,
    });
    expect(afterRefund({ ...paid, state: 'partially-refunded', refundedAmount: 300n }, 701n)).toEqual({
      refusal: 'exceeds-refundable',
      refundable: 700n,
    });
  });

  it('refunds nothing of an order that was not paid', () => {
    expect(afterRefund({ ...paid, state: 'created' }, 1n)).toEqual({ refusal: 'not-paid', refundable: 0n });
    expect(afterRefund({ ...paid, state: 'refunded', refundedAmount: 1_000n }, 1n)).toEqual({
      refusal: 'exceeds-refundable',
      refundable: 0n,
    });
  });

  it('names a partial refund as a refund', () => {
    expect(notificationType('partially-refunded')).toBe('order.refunded');
    expect(notificationType('paid')).toBe('order.paid');
  });
});
