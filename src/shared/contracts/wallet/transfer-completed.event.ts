import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const TRANSFER_KINDS = ['top-up', 'p2p', 'hold-capture', 'refund', 'payment', 'fee'] as const;
export type TransferKind = (typeof TRANSFER_KINDS)[number];

export const transferCompletedV1 = z.strictObject({
  transferId: z.uuid(),
  kind: z.enum(TRANSFER_KINDS),
  debitAccountId: z.uuid(),
  creditAccountId: z.uuid(),
  amount: z.number().int().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  /** The transfer this one corrects (a refund's original), if any. */
  reversesTransferId: z.uuid().nullable(),
  completedAt: z.iso.datetime({ offset: true }),
});

export type TransferCompletedV1 = z.infer<typeof transferCompletedV1>;

/** `wallet.transfer-completed` v1: money moved between two ledger accounts (amount in minor units). */
export class TransferCompleted extends integrationEvent<TransferCompletedV1>({
  type: 'wallet.transfer-completed',
  version: 1,
  owner: 'wallet',
  description: 'A transfer was posted to the ledger: money moved from one account to another.',
  payload: transferCompletedV1,
  keyOf: (payload) => payload.debitAccountId,
}) {}
