import { moduleContract } from '../../platform/messaging/module-contract';
import { ConfirmPassword, EndAllSessions, IdentityPersonalDataErased } from '../../shared/contracts/identity';
import { PaymentsPersonalDataErased } from '../../shared/contracts/payments';
import { ErasureCompleted, ErasureRequested, ReleaseAggregate } from '../../shared/contracts/privacy';
import { RuntimePersonalDataErased } from '../../shared/contracts/runtime';
import { CloseWalletForErasure, WalletPersonalDataErased } from '../../shared/contracts/wallet';

/** Every module's confirmation that it erased its part of a person (each module's own `<module>.personal-data-erased`). */
export const ERASURE_CONFIRMATIONS = [
  IdentityPersonalDataErased,
  RuntimePersonalDataErased,
  WalletPersonalDataErased,
  PaymentsPersonalDataErased,
] as const;
import { CountConsentActivity } from '../../shared/contracts/runtime';

/** Privacy's face: counts about people leave the platform only through its ReleaseAggregate command. */
export const privacyContract = moduleContract({
  name: 'privacy',
  schema: 'privacy',
  owns: "safe aggregates: every released answer and each subject's ε spent per month (ADR 0028); erasure requests and each module's confirmation",
  publishes: [ErasureRequested, ErasureCompleted],
  subscribers: { 'privacy.track-erasures': ERASURE_CONFIRMATIONS },
  commands: { handles: [ReleaseAggregate], sends: [ConfirmPassword, CloseWalletForErasure, EndAllSessions] },
  queries: { handles: [], sends: [CountConsentActivity] },
  settings: ['PRIVACY_RELEASE_EPSILON', 'PRIVACY_EPSILON_BUDGET'],
  // Released answers are counts of at least k people with noise added, keyed by a mini-app or the platform: nobody in them can be singled out.
  otherColumns: {
    budgets: ['subject', 'period', 'spent_milli'],
    releases: ['subject', 'query', 'values', 'k', 'epsilon_milli', 'scale', 'released_at'],
    erasures: ['id', 'requested_at', 'completed_at'],
    erasure_steps: ['erasure_id', 'module', 'erased_at'],
  },
  personalData: [
    {
      table: 'erasures',
      columns: ['user_id'],
      purpose: 'whose erasure is running, until every module confirmed it',
      legalBasis: 'legal-obligation',
      retention: { rule: 'until every module confirmed the erasure (then only its dates are kept, as proof)' },
    },
  ],
});
