/** The payment a module made into a merchant account under its own reference, if the wallet has one. */
export interface FoundMerchantPayment {
  paymentTransferId: string;
}

/**
 * Asked by the module that took a payment with PayMerchant when it does not know whether the
 * payment happened (its own record of it was lost after the wallet committed, the wallet in
 * another process): the payment into this merchant account under this reference, or null.
 */
export class FindMerchantPayment {
  declare readonly __result?: FoundMerchantPayment | null;

  constructor(
    readonly merchantAccountId: string,
    readonly reference: string,
  ) {}
}
