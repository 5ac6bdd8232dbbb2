import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const walletOpenedV1 = z.strictObject({
  accountId: z.uuid(),
  userId: z.uuid(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  openedAt: z.iso.datetime({ offset: true }),
});

export type WalletOpenedV1 = z.infer<typeof walletOpenedV1>;

/** `wallet.opened` v1: a user's stored-value account in one currency exists and can receive money. */
export class WalletOpened extends integrationEvent<WalletOpenedV1>({
  type: 'wallet.opened',
  version: 1,
  owner: 'wallet',
  description: 'A stored-value account was opened for a user in one currency.',
  payload: walletOpenedV1,
  keyOf: (payload) => payload.userId,
}) {}
