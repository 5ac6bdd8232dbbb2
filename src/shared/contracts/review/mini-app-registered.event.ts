import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';

export const miniAppRegisteredV1 = z.strictObject({
  miniAppId: z.uuid(),
  slug: z.string().min(1).max(64),
  category: z.string().min(1).max(40),
  /** The developer who owns it: the only one who may manage its server credentials. */
  developerId: z.uuid(),
  registeredAt: z.iso.datetime({ offset: true }),
});

export type MiniAppRegisteredV1 = z.infer<typeof miniAppRegisteredV1>;

/** `review.mini-app-registered` v1: a developer registered a mini-app; nothing of it is live yet. */
export class MiniAppRegistered extends integrationEvent<MiniAppRegisteredV1>({
  type: 'review.mini-app-registered',
  version: 1,
  owner: 'review',
  description: 'A developer registered a mini-app (its slug, category and owner); nothing of it is live yet.',
  payload: miniAppRegisteredV1,
  keyOf: (payload) => payload.miniAppId,
}) {}
