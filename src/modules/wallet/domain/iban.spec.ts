import { describe, expect, it } from 'vitest';
import { checkIban } from './iban';

describe('checking an IBAN', () => {
  it('accepts a valid IBAN written with spaces and masks all but its edges', () => {
    expect(checkIban('DE89 3704 0044 0532 0130 00')).toEqual({ country: 'DE', masked: 'DE89**************3000' });
  });

  it('refuses wrong check digits', () => {
    expect(checkIban('DE88370400440532013000')).toBeNull();
  });

  it('refuses a country format it does not match', () => {
    expect(checkIban('GB82WEST1234569876543')).toBeNull();
  });
});
