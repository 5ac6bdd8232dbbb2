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

export type PaymentReceipt =
  | { status: 'completed'; paymentTransferId: string; feeTransferId: string | null; replayed: boolean }
  /** Nothing moved; `wallet.payment-failed` was published with the same reason (it commits with the sender's unit of work). */
  | { status: 'failed'; reason: 'insufficient-funds' | 'limit-exceeded' | 'currency-mismatch'; replayed: boolean };

/**
 * Sent by a module that sells something (e.g. a mini-app's checkout) to take a user's money:
 * the payment and the fee post together or not at all. A refusal the payer could fix (funds,
 * limits) comes back as a `failed` receipt; a request that can never work (unknown merchant
 * account, bad amounts, the key reused for another request) throws a ProblemError.
 */
export class PayMerchant {
  /** Only for the compiler: what `CommandBus.execute` resolves to (shared code stays framework-free, so no `Command<T>`). */
  declare readonly __result?: PaymentReceipt;

  constructor(readonly request: PayMerchantRequest) {}
}
