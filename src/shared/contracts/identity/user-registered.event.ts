import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const userRegisteredV1 = z.strictObject({
  userId: z.uuid(),
  displayName: z.string().min(1).max(100),
  registeredAt: z.iso.datetime({ offset: true }),
});

/** Minimal data: ids and what listeners need, never contact data (no e-mail, no phone). */
export type UserRegisteredV1 = z.infer<typeof userRegisteredV1>;

/** `identity.user-registered` v1: a person created an account. */
export class UserRegistered extends integrationEvent<UserRegisteredV1>({
  type: 'identity.user-registered',
  version: 1,
  owner: 'identity',
  description: 'A person created an account. Listeners open what every user has (e.g. a wallet).',
  payload: userRegisteredV1,
  keyOf: (payload) => payload.userId,
}) {}
