/**
 * How much of a transfer a refund gives back: all that is left when no amount is given, else the
 * amount asked, which must not exceed what is left (a transfer is never refunded beyond itself).
 */
export function refundAmount(
  original: bigint,
  alreadyRefunded: bigint,
  requested: bigint | undefined,
): { amount: bigint } | { refusal: 'fully-refunded' | 'exceeds-refundable'; refundable: bigint } {
  const refundable = original - alreadyRefunded;
  if (refundable <= 0n) return { refusal: 'fully-refunded', refundable: 0n };
  if (requested === undefined) return { amount: refundable };
  if (requested > refundable) return { refusal: 'exceeds-refundable', refundable };
  return { amount: requested };
}
