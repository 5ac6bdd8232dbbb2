export type HoldStatus = 'pending' | 'captured' | 'voided' | 'expired';

export interface Hold {
  id: string;
  payerAccountId: string;
  payeeAccountId: string;
  amount: bigint;
  currency: string;
  status: HoldStatus;
  capturedAmount: bigint | null;
  expiresAt: Date;
}

/** A hold past its expiry no longer reserves anything, whether or not the expiry job has run yet. */
export const isOpen = (hold: Hold, now: Date): boolean =>
  hold.status === 'pending' && hold.expiresAt.getTime() > now.getTime();

export type CaptureDecision = { amount: bigint } | { refusal: 'not-open' | 'exceeds-hold' };

/** A capture posts all of an open hold, or the part asked for (the rest is released). */
export function captureAmount(hold: Hold, requested: bigint | undefined, now: Date): CaptureDecision {
  if (!isOpen(hold, now)) return { refusal: 'not-open' };
  if (requested === undefined) return { amount: hold.amount };
  if (requested > hold.amount) return { refusal: 'exceeds-hold' };
  return { amount: requested };
}
