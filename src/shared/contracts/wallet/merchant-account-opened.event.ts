import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const merchantAccountOpenedV1 = z.strictObject({
  accountId: z.uuid(),
  /** The mini-app the account takes payments for. */
  miniAppId: z.uuid(),
  /** The developer who owns the mini-app, and so the account. */
  ownerId: z.uuid(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  openedAt: z.iso.datetime({ offset: true }),
});

export type MerchantAccountOpenedV1 = z.infer<typeof merchantAccountOpenedV1>;

/** `wallet.merchant-account-opened` v1: a mini-app whose category takes payments can be paid in one currency, into this account. */
export class MerchantAccountOpened extends integrationEvent<MerchantAccountOpenedV1>({
  type: 'wallet.merchant-account-opened',
  version: 1,
  owner: 'wallet',
  description:
    "A mini-app's merchant account in one currency was opened (its category allows payments): the mini-app can be paid into it.",
  payload: merchantAccountOpenedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}
