/**
 * Privacy loss ε, kept in thousandths (an integer) so that spending and comparing budgets is exact:
 * `1.5` is 1500. Settings and answers show it as a decimal.
 */
export type MilliEpsilon = number;

export const EPSILON_TEXT = /^\d{1,4}(\.\d{1,3})?$/;

/** `0.5` → 500; null for anything that is not a decimal with at most three places. */
export function parseEpsilon(text: string): MilliEpsilon | null {
  if (!EPSILON_TEXT.test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  return Number(whole) * 1000 + Number(fraction.padEnd(3, '0'));
}

/** 1500 → `1.5`. */
export function formatEpsilon(milli: MilliEpsilon): string {
  const fraction = String(milli % 1000)
    .padStart(3, '0')
    .replace(/0+$/, '');
  return fraction ? `${Math.floor(milli / 1000)}.${fraction}` : String(Math.floor(milli / 1000));
}
