import { z } from 'zod';
import { type EventContract, integrationEvent } from '../../kernel/integration-event';

export const erasureRequestedV1 = z.strictObject({
  erasureId: z.uuid(),
  userId: z.uuid(),
  requestedAt: z.iso.datetime({ offset: true }),
});

/**
 * `privacy.erasure-requested` v1: a person asked to be forgotten (GDPR Art. 17) and confirmed it with
 * their password. Every module that holds personal data erases or pseudonymises its part in its own
 * transaction and confirms with its own `<module>.personal-data-erased`.
 */
export class ErasureRequested extends integrationEvent<z.infer<typeof erasureRequestedV1>>({
  type: 'privacy.erasure-requested',
  version: 1,
  owner: 'privacy',
  description:
    "A person asked for erasure: each module erases or pseudonymises its part and confirms with '<module>.personal-data-erased'.",
  payload: erasureRequestedV1,
  keyOf: (payload) => payload.userId,
}) {}

export const erasureCompletedV1 = z.strictObject({
  erasureId: z.uuid(),
  completedAt: z.iso.datetime({ offset: true }),
});

/** `privacy.erasure-completed` v1: every module confirmed an erasure. No person in it: the erasure's id only. */
export class ErasureCompleted extends integrationEvent<z.infer<typeof erasureCompletedV1>>({
  type: 'privacy.erasure-completed',
  version: 1,
  owner: 'privacy',
  description: 'Every module confirmed an erasure (the id of the erasure only).',
  payload: erasureCompletedV1,
  keyOf: (payload) => payload.erasureId,
}) {}

export const personalDataErasedV1 = z.strictObject({
  erasureId: z.uuid(),
  erasedAt: z.iso.datetime({ offset: true }),
});
export type PersonalDataErasedV1 = z.infer<typeof personalDataErasedV1>;

/**
 * The contract of `<owner>.personal-data-erased` v1, the confirmation each module publishes, in the
 * same transaction as its erasure: `class X extends integrationEvent(personalDataErased('wallet')) {}`.
 */
export const personalDataErased = (owner: string): EventContract<PersonalDataErasedV1> => ({
  type: `${owner}.personal-data-erased`,
  version: 1,
  owner,
  description: `The ${owner} module erased or pseudonymised what it held on a person, for this erasure.`,
  payload: personalDataErasedV1,
  keyOf: (payload) => payload.erasureId,
});
