import type { TransferKind } from '../../../../shared/contracts/wallet';

export abstract class WalletMetrics {
  abstract transfer(kind: TransferKind, status: 'completed' | 'refused', seconds: number): void;
  /** A payment to a merchant or a top-up was refused (no account ids: payments counts failures per mini-app). */
  abstract paymentFailed(type: 'payment' | 'top-up', reason: string): void;
}
