import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const profileUpdatedV1 = z.strictObject({
  userId: z.uuid(),
  displayName: z.string().min(1).max(100),
  avatarUrl: z.string().max(2048).nullable(),
  updatedAt: z.iso.datetime({ offset: true }),
});

/**
 * Personal data, on purpose and no more than this: the runtime hands the display name and avatar
 * to a mini-app the user granted `user.profile`, and must not call identity to get them (it keeps
 * its own copy from this event). Never contact data (no e-mail, no phone).
 */
export type ProfileUpdatedV1 = z.infer<typeof profileUpdatedV1>;

/** `identity.profile-updated` v1: a user changed what others may be shown of them. */
export class ProfileUpdated extends integrationEvent<ProfileUpdatedV1>({
  type: 'identity.profile-updated',
  version: 1,
  owner: 'identity',
  description: 'A user changed their display name or avatar; the payload is their public profile as it is now.',
  payload: profileUpdatedV1,
  keyOf: (payload) => payload.userId,
}) {}
