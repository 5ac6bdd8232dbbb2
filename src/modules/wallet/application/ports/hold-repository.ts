import type { Hold } from '../../domain/hold';

export interface HoldRecord extends Hold {
  createdBy: string;
  createdAt: Date;
  captureTransferId: string | null;
  settledAt: Date | null;
}

export abstract class HoldRepository {
  abstract insert(
    hold: Omit<HoldRecord, 'createdAt' | 'captureTransferId' | 'settledAt' | 'capturedAmount' | 'status'>,
  ): Promise<HoldRecord>;
  abstract find(holdId: string): Promise<HoldRecord | null>;
  /** The hold, locked until the unit of work ends. */
  abstract lock(holdId: string): Promise<HoldRecord | null>;
  abstract settle(
    holdId: string,
    outcome: {
      status: 'captured' | 'voided' | 'expired';
      capturedAmount: bigint | null;
      captureTransferId: string | null;
    },
  ): Promise<HoldRecord>;
  /** Pending holds past their expiry, skipping those another instance is settling. */
  abstract lockExpired(now: Date, limit: number): Promise<string[]>;
}
