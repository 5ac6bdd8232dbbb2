export interface PayMerchantRequest {
  payerUserId: string;
  merchantAccountId: string;
  /** Minor units of `currency`, charged to the payer. */
  amount: number;
  currency: string;
  /** The platform's fee in minor units, taken from the merchant's side of this payment; posted with it or not at all. */
  fee: number;
  /** The sender's own reference (an order id), kept on the transfers. */
  reference: string;
  /** Same key and same request: the first receipt again, nothing moves twice. Scoped to the payer. */
  idempotencyKey: string;
}

export interface PaymentReceipt {
  paymentTransferId: string;
  feeTransferId: string | null;
  replayed: boolean;
}

/**
 * Sent by a module that sells something (e.g. a mini-app's checkout) to take a user's money:
 * the payment and the fee post together or not at all. Refusals are ProblemErrors (422
 * insufficient-funds, limit-exceeded, currency-mismatch; 404 for an unknown merchant account)
 * and publish `wallet.payment-failed`.
 */
export class PayMerchant {
  /** Only for the compiler: what `CommandBus.execute` resolves to (shared code stays framework-free, so no `Command<T>`). */
  declare readonly __result?: PaymentReceipt;

  constructor(readonly request: PayMerchantRequest) {}
}
