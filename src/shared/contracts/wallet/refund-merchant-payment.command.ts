export interface RefundMerchantPaymentRequest {
  /** The merchant account the payment went to: the refund comes out of it. */
  merchantAccountId: string;
  /** The `paymentTransferId` of the PayMerchant receipt. */
  paymentTransferId: string;
  /** Minor units; never more than what is left of the payment after earlier refunds. */
  amount: number;
  /** The sender's own reference (a refund id), kept on the transfer. */
  reference: string;
  /**
   * Same key and same request: the first receipt again, nothing moves twice. Scoped to the payment.
   * The sender's record of its refund may be lost after the wallet committed (the wallet in another
   * process), so a retry must find the refund here.
   */
  idempotencyKey: string;
}

export type RefundReceipt =
  | { status: 'completed'; refundTransferId: string }
  /** Nothing moved: the merchant account holds less than the refund. */
  | { status: 'failed'; reason: 'insufficient-funds' };

/**
 * Sent by the module that took a payment with PayMerchant to give all or part of it back from the
 * merchant's account, in the sender's unit of work. A refund the merchant could fix by being paid
 * more first comes back `failed`; one that can never work (not this merchant's payment, more than is
 * left) throws a ProblemError. In one process it runs in the sender's unit of work; its key makes a retry safe
 * when it does not (the wallet in a process of its own).
 */
export class RefundMerchantPayment {
  /** Only for the compiler: what `CommandBus.execute` resolves to. */
  declare readonly __result?: RefundReceipt;

  constructor(readonly request: RefundMerchantPaymentRequest) {}
}
