import { moduleContract } from '../../platform/messaging/module-contract';
import {
  MiniAppRegistered,
  MiniAppUnpublished,
  VersionApproved,
  VersionInReview,
  VersionPublished,
  VersionRejected,
  VersionScanStarted,
  VersionSubmitted,
} from '../../shared/contracts/review';

/** Review's face: every step of a mini-app version's way to being live, told as events. */
export const reviewContract = moduleContract({
  name: 'review',
  schema: 'review',
  owns: "mini-apps, versions, bundles, findings, decisions; on a development start, publishes the platform's own mini-apps through its pipeline",
  publishes: [
    MiniAppRegistered,
    VersionSubmitted,
    VersionScanStarted,
    VersionInReview,
    VersionRejected,
    VersionApproved,
    VersionPublished,
    MiniAppUnpublished,
  ],
  subscribers: {},
  commands: { handles: [], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [
    'REDIS_KEY_PREFIX',
    'DATA_DIR',
    'REVIEW_BUNDLE_MAX_BYTES',
    'REVIEW_BUNDLE_MAX_UNPACKED_BYTES',
    'REVIEW_BUNDLE_MAX_FILES',
    'REVIEW_SCAN_THREADS',
    'REVIEW_SIGNING_KEY',
    'OUTBOUND_ALLOW_LOOPBACK',
    'MINIAPP_ORIGIN',
    'PUBLISH_FIRST_PARTY_MINI_APPS',
  ],
  personalData: [
    {
      table: 'mini_apps',
      columns: ['developer_id'],
      purpose: 'who develops a mini-app and may change it',
      legalBasis: 'contract',
      retention: { rule: 'while the mini-app exists' },
    },
    {
      table: 'versions',
      columns: ['submitted_by', 'decided_by'],
      purpose: 'accountability: who submitted and who decided each version',
      legalBasis: 'legitimate-interests',
      retention: { rule: 'while the mini-app exists' },
    },
  ],
});
