import type { PaymentFailureReason, TransferKind } from '../../../../shared/contracts/wallet';

/** What was refused: a payment to a merchant, or a top-up from a card. */
export type FailedPaymentFlow = 'merchant-payment' | 'top-up';

export abstract class WalletMetrics {
  abstract transfer(kind: TransferKind, status: 'completed' | 'refused', seconds: number): void;
  /** Labelled by bounded sets only (no account ids: payments counts failures per mini-app). */
  abstract paymentFailed(flow: FailedPaymentFlow, reason: PaymentFailureReason): void;
}
