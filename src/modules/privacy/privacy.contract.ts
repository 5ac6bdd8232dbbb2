import { moduleContract } from '../../platform/messaging/module-contract';
import { ReleaseAggregate } from '../../shared/contracts/privacy';
import { CountConsentActivity } from '../../shared/contracts/runtime';

/** Privacy's face: counts about people leave the platform only through its ReleaseAggregate command. */
export const privacyContract = moduleContract({
  name: 'privacy',
  schema: 'privacy',
  owns: "safe aggregates: every released answer and each subject's ε spent per month (ADR 0028)",
  publishes: [],
  subscribers: {},
  commands: { handles: [ReleaseAggregate], sends: [] },
  queries: { handles: [], sends: [CountConsentActivity] },
  settings: ['PRIVACY_RELEASE_EPSILON', 'PRIVACY_EPSILON_BUDGET'],
  // Released answers are counts of at least k people with noise added, keyed by a mini-app or the platform: nobody in them can be singled out.
  otherColumns: {
    budgets: ['subject', 'period', 'spent_milli'],
    releases: ['subject', 'query', 'values', 'k', 'epsilon_milli', 'scale', 'released_at'],
  },
  personalData: [],
});
