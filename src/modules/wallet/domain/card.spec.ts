import { describe, expect, it } from 'vitest';
import { checkCard } from './card';

const now = new Date('2026-11-21T12:00:00Z');

describe('checking a card', () => {
  it('accepts a valid card and keeps only brand, last four and expiry beside the digits', () => {
    expect(checkCard({ number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' }, now)).toEqual({
      card: { digits: '4242424242424242', brand: 'visa', last4: '4242', expMonth: 12, expYear: 2030 },
    });
  });

  it('refuses a number that fails the Luhn check', () => {
    expect(checkCard({ number: '4242424242424241', expMonth: 12, expYear: 2030, cvc: '123' }, now)).toEqual({
      errors: [{ pointer: '#/number', detail: expect.any(String) }],
    });
  });

  it('refuses a card that expired last month, and names each wrong field', () => {
    const result = checkCard({ number: '4242424242424241', expMonth: 10, expYear: 2026, cvc: '12' }, now);
    expect(result).toEqual({
      errors: [
        expect.objectContaining({ pointer: '#/number' }),
        expect.objectContaining({ pointer: '#/expMonth' }),
        expect.objectContaining({ pointer: '#/cvc' }),
      ],
    });
  });

  it('accepts a card that expires at the end of this month', () => {
    expect(checkCard({ number: '4242424242424242', expMonth: 11, expYear: 2026, cvc: '123' }, now)).toHaveProperty(
      'card',
    );
  });

  it('judges expiry against the time it is given, not the machine clock', () => {
    const later = new Date('2031-03-01T00:00:00Z');
    expect(checkCard({ number: '4242424242424242', expMonth: 12, expYear: 2030, cvc: '123' }, later)).toEqual({
      errors: [expect.objectContaining({ pointer: '#/expMonth' })],
    });
    const earlier = new Date('2019-01-01T00:00:00Z');
    expect(checkCard({ number: '4242424242424242', expMonth: 1, expYear: 2019, cvc: '123' }, earlier)).toHaveProperty(
      'card',
    );
  });

  it('refuses an expiry that is not a real month or lies implausibly far ahead', () => {
    expect(checkCard({ number: '4242424242424242', expMonth: 13, expYear: 2030, cvc: '123' }, now)).toEqual({
      errors: [expect.objectContaining({ pointer: '#/expMonth' })],
    });
    expect(checkCard({ number: '4242424242424242', expMonth: 1, expYear: 2060, cvc: '123' }, now)).toEqual({
      errors: [expect.objectContaining({ pointer: '#/expMonth' })],
    });
  });

  it('asks for four CVC digits on an American Express card', () => {
    expect(checkCard({ number: '378282246310005', expMonth: 1, expYear: 2030, cvc: '123' }, now)).toEqual({
      errors: [expect.objectContaining({ pointer: '#/cvc' })],
    });
  });
});
