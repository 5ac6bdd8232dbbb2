import type { PaymentFailureReason, TransferKind } from '../../../../shared/contracts/wallet';

/** What was refused: a payment to a merchant, or a top-up from a card. */
export type FailedPaymentFlow = 'merchant-payment' | 'top-up';

export abstract class WalletMetrics {
  abstract transfer(kind: TransferKind, status: 'completed' | 'refused', seconds: number): void;
  /** Labelled by bounded sets only: which merchant or payer is in wallet.payment-failed, not in metrics. */
  abstract paymentFailed(flow: FailedPaymentFlow, reason: PaymentFailureReason): void;
}
