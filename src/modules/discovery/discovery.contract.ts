import { moduleContract } from '../../platform/messaging/module-contract';
import { MiniAppUnpublished, VersionApproved, VersionPublished } from '../../shared/contracts/review';

/** Discovery's face: a read model of review's events, and nothing it tells anyone. */
export const discoveryContract = moduleContract({
  name: 'discovery',
  schema: 'discovery',
  owns: 'the catalogue users browse (its own read model)',
  publishes: [],
  subscribers: {
    'discovery.keep-catalogue': [VersionApproved, VersionPublished, MiniAppUnpublished],
  },
  commands: { handles: [], sends: [] },
  queries: { handles: [], sends: [] },
  settings: [],
  personalData: [],
});
