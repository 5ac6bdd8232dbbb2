import type { TransferKind } from '../../../../shared/contracts/wallet';

export abstract class WalletMetrics {
  abstract transfer(kind: TransferKind, status: 'completed' | 'refused', seconds: number): void;
  abstract paymentFailed(merchantAccountId: string): void;
}
