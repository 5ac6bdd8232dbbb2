// An order as the shell's checkout sees it: shared by the payment sheet and the bridge that opens it.

/** What the platform says of an order the mini-app asked the person to pay. */
export interface Checkout {
  orderId: string;
  merchantName: string;
  merchantSlug: string;
  amount: number;
  currency: string;
  description: string;
  state: string;
  expiresAt: string;
}

export interface PaymentOutcome {
  orderId: string;
  state: string;
  reason: string | null;
}

/** States of an order whose payment went through (a refund since does not undo that it was paid). */
export const PAID_STATES = new Set(['paid', 'partially-refunded', 'refunded']);
