import { code as iso4217 } from 'currency-codes';

/** The largest amount the platform takes in one movement, in minor units: far below 2^53, so JSON numbers stay exact. */
export const MAX_AMOUNT = 1_000_000_000_000;

/** ISO 4217 minor-unit exponent (EUR 2, JPY 0, BHD 3), or undefined for a code that is not a currency. */
export function currencyExponent(currency: string): number | undefined {
  if (!/^[A-Z]{3}$/.test(currency)) return undefined;
  const record = iso4217(currency);
  return record && Number.isInteger(record.digits) ? record.digits : undefined;
}

/** A whole number of minor units of money, e.g. 1250 EUR for €12.50. */
export const isAmount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value > 0 && value <= MAX_AMOUNT;

/** Major units (as limits are configured) to minor units of `currency`. */
export const toMinorUnits = (major: number, currency: string): number =>
  Math.round(major * 10 ** (currencyExponent(currency) ?? 2));
