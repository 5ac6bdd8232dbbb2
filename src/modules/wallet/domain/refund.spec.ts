import { describe, expect, it } from 'vitest';
import { refundAmount } from './refund';

describe('refunding a transfer', () => {
  it('gives back everything left when no amount is named', () => {
    expect(refundAmount(1_000n, 300n, undefined)).toEqual({ amount: 700n });
  });

  it('gives back part of a transfer', () => {
    expect(refundAmount(1_000n, 0n, 250n)).toEqual({ amount: 250n });
  });

  it('never gives back more than is left to refund', () => {
    expect(refundAmount(1_000n, 800n, 201n)).toEqual({ refusal: 'exceeds-refundable', refundable: 200n });
  });

  it('refuses a transfer already refunded in full', () => {
    expect(refundAmount(1_000n, 1_000n, undefined)).toEqual({ refusal: 'fully-refunded', refundable: 0n });
  });
});
