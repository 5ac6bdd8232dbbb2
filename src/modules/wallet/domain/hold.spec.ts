import { describe, expect, it } from 'vitest';
import { captureAmount, type Hold } from './hold';

const now = new Date('2026-11-21T12:00:00Z');
const hold = (overrides: Partial<Hold> = {}): Hold => ({
  id: 'h',
  payerAccountId: 'payer',
  payeeAccountId: 'payee',
  amount: 5_000n,
  currency: 'EUR',
  status: 'pending',
  capturedAmount: null,
  expiresAt: new Date(now.getTime() + 60_000),
  ...overrides,
});

describe('capturing a hold', () => {
  it('posts the whole hold when no amount is named', () => {
    expect(captureAmount(hold(), undefined, now)).toEqual({ amount: 5_000n });
  });

  it('posts part of a hold (the rest is released)', () => {
    expect(captureAmount(hold(), 1_200n, now)).toEqual({ amount: 1_200n });
  });

  it('never posts more than was reserved', () => {
    expect(captureAmount(hold(), 5_001n, now)).toEqual({ refusal: 'exceeds-hold' });
  });

  it('refuses a hold already captured or voided', () => {
    expect(captureAmount(hold({ status: 'captured' }), undefined, now)).toEqual({ refusal: 'not-open' });
    expect(captureAmount(hold({ status: 'voided' }), undefined, now)).toEqual({ refusal: 'not-open' });
  });

  it('refuses a hold past its expiry even before the expiry job released it', () => {
    expect(captureAmount(hold({ expiresAt: new Date(now.getTime() - 1) }), undefined, now)).toEqual({
      refusal: 'not-open',
    });
  });
});
