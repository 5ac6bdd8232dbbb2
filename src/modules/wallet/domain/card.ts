import cardValidator from 'card-validator';
import type { FieldError } from '../../../shared/kernel/problem';

export interface CardInput {
  number: string;
  expMonth: number;
  expYear: number;
  cvc: string;
}

export interface CheckedCard {
  /** Digits only: handed to the payment provider once and never stored. */
  digits: string;
  brand: string;
  last4: string;
  expMonth: number;
  expYear: number;
}

/** Cards are issued for at most this many years: a later expiry is a typo. */
const MAX_YEARS_AHEAD = 20;

/**
 * Judged against `now` alone: card-validator's `expirationDate()` reads the wall clock, so a
 * caller's clock (and every test's) would be ignored.
 */
function isExpiryValidAt(month: number, year: number, now: Date): boolean {
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(year)) return false;
  const thisYear = now.getUTCFullYear();
  if (year < thisYear || year > thisYear + MAX_YEARS_AHEAD) return false;
  return year > thisYear || month >= now.getUTCMonth() + 1;
}

/** Luhn, a known brand and length, an expiry not in the past, a CVC of the brand's size: each wrong field its own error. */
export function checkCard(input: CardInput, now: Date): { card: CheckedCard } | { errors: FieldError[] } {
  const digits = input.number.replace(/[\s-]/g, '');
  const errors: FieldError[] = [];
  const number = /^\d{12,19}$/.test(digits) ? cardValidator.number(digits) : null;
  if (!number?.isValid || !number.card)
    errors.push({ pointer: '#/number', detail: 'is not a valid card number (digits and the Luhn check)' });
  if (!isExpiryValidAt(input.expMonth, input.expYear, now))
    errors.push({ pointer: '#/expMonth', detail: 'the card has expired or the expiry is not a real month' });
  const cvcSize = number?.card?.code.size ?? 3;
  if (!/^\d+$/.test(input.cvc) || !cardValidator.cvv(input.cvc, cvcSize).isValid)
    errors.push({ pointer: '#/cvc', detail: `must be the ${cvcSize} digits on the card` });
  if (errors.length) return { errors };
  return {
    card: {
      digits,
      brand: number!.card!.type,
      last4: digits.slice(-4),
      expMonth: input.expMonth,
      expYear: input.expYear,
    },
  };
}
