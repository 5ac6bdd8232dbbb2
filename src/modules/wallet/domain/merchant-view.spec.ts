import { describe, expect, it } from 'vitest';
import { MerchantView } from './merchant-view';

describe('what a merchant account owner sees of the other party', () => {
  const view = new MerchantView(new Set(['merchant-1']));

  it('withholds the payer of a payment into their merchant account', () => {
    expect(view.party('payer', 'merchant-1')).toBeNull();
  });

  it('shows their own merchant account, and both sides of a movement between their own accounts', () => {
    expect(view.party('merchant-1', 'payer')).toBe('merchant-1');
    expect(new MerchantView(new Set(['merchant-1', 'merchant-2'])).party('merchant-2', 'merchant-1')).toBe(
      'merchant-2',
    );
  });

  it('shows everything to someone without a merchant account', () => {
    expect(MerchantView.NONE.party('payer', 'payee')).toBe('payer');
  });
});
