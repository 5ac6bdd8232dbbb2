import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';
import { SCOPES } from './policy';

/** What a catalogue shows of a version: sent when it is approved (the QA channel) and when it goes live. */
export const listingFacts = {
  name: z.string().min(1).max(60),
  category: z.string().min(1).max(40),
  description: z.string().min(1).max(2000),
  entry: z.string().min(1).max(200),
  permissions: z
    .array(z.strictObject({ scope: z.enum(SCOPES), purpose: z.string().min(1).max(200) }))
    .max(SCOPES.length),
  domains: z.array(z.string().max(300)).max(20),
  bundleDigest: z.string().regex(/^[0-9a-f]{64}$/),
};

export const versionPublishedV1 = z.strictObject({
  miniAppId: z.uuid(),
  slug: z.string().min(1).max(64),
  version: z.string().min(1).max(64),
  ...listingFacts,
  /** The platform's Ed25519 signature of the bundle digest's 32 bytes, base64url. */
  signature: z.string().min(1).max(200),
  publishedAt: z.iso.datetime({ offset: true }),
});

export type VersionPublishedV1 = z.infer<typeof versionPublishedV1>;

/** `review.version-published` v1: a version is live; everything a catalogue needs to list it travels with the event. */
export class VersionPublished extends integrationEvent<VersionPublishedV1>({
  type: 'review.version-published',
  version: 1,
  owner: 'review',
  description:
    'A version went live: its listing (name, category, description, permissions, domains) and its signed bundle digest.',
  payload: versionPublishedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const miniAppUnpublishedV1 = z.strictObject({
  miniAppId: z.uuid(),
  slug: z.string().min(1).max(64),
  /** `user:<id>` of the reviewer or admin who took it down. */
  by: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
});

/** `review.mini-app-unpublished` v1: a mini-app was taken down; no version of it is live any more. */
export class MiniAppUnpublished extends integrationEvent<z.infer<typeof miniAppUnpublishedV1>>({
  type: 'review.mini-app-unpublished',
  version: 1,
  owner: 'review',
  description: 'A mini-app was taken down by a reviewer or an admin: it must disappear from every catalogue.',
  payload: miniAppUnpublishedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}
