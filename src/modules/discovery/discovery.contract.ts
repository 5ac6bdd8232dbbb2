import { moduleContract } from '../../platform/messaging/module-contract';
import { MiniAppUnpublished, VersionApproved, VersionPublished } from '../../shared/contracts/review';

/** A listing of the public catalogue and of the QA channel: published mini-apps, nothing about people. */
const LISTING_COLUMNS = [
  'slug',
  'mini_app_id',
  'name',
  'category',
  'description',
  'version',
  'entry',
  'permissions',
  'domains',
  'bundle_digest',
  'signature',
  'published_at',
];

/** Discovery's face: a read model of review's events, and nothing it tells anyone. */
export const discoveryContract = moduleContract({
  name: 'discovery',
  schema: 'discovery',
  routes: ['/discovery'],
  owns: 'the catalogue users browse (its own read model)',
  publishes: [],
  subscribers: {
    'discovery.keep-catalogue': [VersionApproved, VersionPublished, MiniAppUnpublished],
  },
  commands: { handles: [], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [],
  otherColumns: { listings: LISTING_COLUMNS, qa_listings: LISTING_COLUMNS },
  personalData: [],
});
