import { moduleContract } from '../../platform/messaging/module-contract';
import {
  ConfirmPassword,
  EndAllSessions,
  ExportIdentityPersonalData,
  IdentityPersonalDataErased,
} from '../../shared/contracts/identity';
import { ExportPaymentsPersonalData, PaymentsPersonalDataErased } from '../../shared/contracts/payments';
import { ErasureCompleted, ErasureRequested, ExportRequested, ReleaseAggregate } from '../../shared/contracts/privacy';
import { ExportReviewPersonalData } from '../../shared/contracts/review';
import {
  CountConsentActivity,
  ExportRuntimePersonalData,
  RuntimePersonalDataErased,
} from '../../shared/contracts/runtime';
import {
  CloseWalletForErasure,
  ExportWalletPersonalData,
  WalletPersonalDataErased,
} from '../../shared/contracts/wallet';

/** Every module's confirmation that it erased its part of a person (each module's own `<module>.personal-data-erased`). */
export const ERASURE_CONFIRMATIONS = [
  IdentityPersonalDataErased,
  RuntimePersonalDataErased,
  WalletPersonalDataErased,
  PaymentsPersonalDataErased,
] as const;

/** Privacy's face: counts about people leave the platform only through its ReleaseAggregate command. */
export const privacyContract = moduleContract({
  name: 'privacy',
  schema: 'privacy',
  owns: "safe aggregates: every released answer and each subject's ε spent per month (ADR 0028); erasure requests and each module's confirmation; people's data exports and their archives",
  publishes: [ErasureRequested, ErasureCompleted, ExportRequested],
  subscribers: { 'privacy.track-erasures': ERASURE_CONFIRMATIONS, 'privacy.assemble-export': [ExportRequested] },
  commands: { handles: [ReleaseAggregate], sends: [ConfirmPassword, CloseWalletForErasure, EndAllSessions] },
  queries: {
    handles: [],
    sends: [
      CountConsentActivity,
      ExportIdentityPersonalData,
      ExportRuntimePersonalData,
      ExportWalletPersonalData,
      ExportPaymentsPersonalData,
      ExportReviewPersonalData,
    ],
  },
  settings: [
    'PRIVACY_RELEASE_EPSILON',
    'PRIVACY_EPSILON_BUDGET',
    'PRIVACY_EXPORT_RETENTION_HOURS',
    'PRIVACY_EXPORTS_PER_DAY',
    'BUS_MAX_ATTEMPTS',
  ],
  // Released answers are counts of at least k people with noise added, keyed by a mini-app or the platform: nobody in them can be singled out.
  otherColumns: {
    budgets: ['subject', 'period', 'spent_milli'],
    exports: ['id', 'status', 'failed_attempts', 'archive_bytes'],
    releases: ['subject', 'query', 'values', 'k', 'epsilon_milli', 'scale', 'released_at'],
    erasures: ['id', 'requested_at', 'completed_at'],
    request_tallies: ['month', 'kind', 'requests'],
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
    {
      table: 'exports',
      columns: ['user_id', 'requested_at', 'completed_at', 'archive'],
      purpose: 'a copy of everything the platform holds on a person, which they asked for (GDPR Art. 15 and 20)',
      legalBasis: 'legal-obligation',
      retention: { setting: 'PRIVACY_EXPORT_RETENTION_HOURS', after: 'it was assembled' },
    },
  ],
});
