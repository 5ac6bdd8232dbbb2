import { z } from 'zod';
import { integrationEvent } from '../../kernel/integration-event';
import { listingFacts } from './version-published.event';

const versionFacts = {
  miniAppId: z.uuid(),
  slug: z.string().min(1).max(64),
  version: z.string().min(1).max(64),
  at: z.iso.datetime({ offset: true }),
};

export const versionSubmittedV1 = z.strictObject({ ...versionFacts, bundleDigest: z.string().regex(/^[0-9a-f]{64}$/) });
/** `review.version-submitted` v1: a developer uploaded a version; its review starts. */
export class VersionSubmitted extends integrationEvent<z.infer<typeof versionSubmittedV1>>({
  type: 'review.version-submitted',
  version: 1,
  owner: 'review',
  description: 'A developer submitted a version of a mini-app; the automated review starts.',
  payload: versionSubmittedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const versionRejectedV1 = z.strictObject({
  ...versionFacts,
  reasons: z.array(z.string().min(1).max(500)).min(1).max(50),
  automated: z.boolean(),
});
/** `review.version-rejected` v1: the scan or a reviewer refused a version. */
export class VersionRejected extends integrationEvent<z.infer<typeof versionRejectedV1>>({
  type: 'review.version-rejected',
  version: 1,
  owner: 'review',
  description: 'A version was rejected, by the automated scan or by a reviewer, with the reasons.',
  payload: versionRejectedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const versionApprovedV1 = z.strictObject({
  ...versionFacts,
  reviewerId: z.uuid(),
  /** What reviewers see of it in the QA channel (optional: added after the first approvals, so older events lack it). */
  listing: z.strictObject(listingFacts).optional(),
});
/** `review.version-approved` v1: a reviewer approved a version; reviewers can open it in the QA channel, and it may be published. */
export class VersionApproved extends integrationEvent<z.infer<typeof versionApprovedV1>>({
  type: 'review.version-approved',
  version: 1,
  owner: 'review',
  description: 'A reviewer approved a version: open to reviewers in the QA channel, ready to publish.',
  payload: versionApprovedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const versionScanStartedV1 = z.strictObject({ ...versionFacts });
/** `review.version-scan-started` v1: the automated scan took a submitted version. */
export class VersionScanStarted extends integrationEvent<z.infer<typeof versionScanStartedV1>>({
  type: 'review.version-scan-started',
  version: 1,
  owner: 'review',
  description: 'The automated scan of a submitted version started.',
  payload: versionScanStartedV1,
  keyOf: (payload) => payload.miniAppId,
}) {}

export const versionInReviewV1 = z.strictObject({ ...versionFacts, warnings: z.number().int().min(0) });
/** `review.version-in-review` v1: the scan found nothing critical; the version waits for a reviewer, with its warnings. */
export class VersionInReview extends integrationEvent<z.infer<typeof versionInReviewV1>>({
  type: 'review.version-in-review',
  version: 1,
  owner: 'review',
  description: 'A version passed the automated scan and waits for a reviewer.',
  payload: versionInReviewV1,
  keyOf: (payload) => payload.miniAppId,
}) {}
