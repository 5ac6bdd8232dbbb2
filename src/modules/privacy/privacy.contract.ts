import { moduleContract } from '../../platform/messaging/module-contract';
import {
  ConfirmPassword,
  EndAllSessions,
  ExportIdentityPersonalData,
  IdentityPersonalDataErased,
} from '../../shared/contracts/identity';
import {
  ExportPaymentsPersonalData,
  OrderStateChanged,
  PaymentsPersonalDataErased,
} from '../../shared/contracts/payments';
import {
  ErasureCompleted,
  ErasureRequested,
  ExportRequested,
  PrivacyPersonalDataErased,
  ReleaseAggregate,
} from '../../shared/contracts/privacy';
import { ExportReviewPersonalData, MiniAppRegistered, VersionPublished } from '../../shared/contracts/review';
import {
  ConsentDenied,
  ConsentGranted,
  ConsentsExpired,
  ConsentWithdrawn,
  CountConsentActivity,
  DomainReached,
  ExportRuntimePersonalData,
  MiniAppForgotten,
  MiniAppLaunched,
  RuntimePersonalDataErased,
  ScopeUsed,
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
  PrivacyPersonalDataErased,
] as const;

/** What the users' privacy report is built from: the runtime's and payments' events. */
export const REPORT_SOURCES = [
  ConsentGranted,
  ConsentDenied,
  ConsentWithdrawn,
  ConsentsExpired,
  ScopeUsed,
  DomainReached,
  MiniAppLaunched,
  OrderStateChanged,
  MiniAppForgotten,
] as const;

const usageRetention = { setting: 'ACCESS_LOG_RETENTION_DAYS' } as const;

/**
 * Privacy's face: counts about people leave the platform only through its ReleaseAggregate
 * command; each person's privacy report is built from the runtime's and payments' events.
 */
export const privacyContract = moduleContract({
  name: 'privacy',
  schema: 'privacy',
  routes: ['/privacy'],
  owns: "safe aggregates: every released answer and each subject's ε spent per month (ADR 0028); erasure requests and each module's confirmation; people's data exports and their archives; the users' privacy report (read model)",
  publishes: [ErasureRequested, ErasureCompleted, ExportRequested, PrivacyPersonalDataErased],
  subscribers: {
    'privacy.track-erasures': ERASURE_CONFIRMATIONS,
    'privacy.assemble-export': [ExportRequested],
    'privacy.erase-report': [ErasureRequested],
    'privacy.keep-report-names': [MiniAppRegistered, VersionPublished],
    'privacy.keep-report': REPORT_SOURCES,
  },
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
    'ACCESS_LOG_RETENTION_DAYS',
  ],
  // Released answers are counts of at least k people with noise added, keyed by a mini-app or the platform: nobody in them can be singled out.
  otherColumns: {
    budgets: ['subject', 'period', 'spent_milli'],
    exports: ['id', 'status', 'failed_attempts', 'archive_bytes'],
    releases: ['subject', 'query', 'values', 'k', 'epsilon_milli', 'scale', 'released_at'],
    erasures: ['id', 'requested_at', 'completed_at'],
    request_tallies: ['month', 'kind', 'requests'],
    erasure_steps: ['erasure_id', 'module', 'erased_at'],
    report_mini_apps: ['mini_app_id', 'slug', 'name'],
    report_consent_history: ['event_id'],
    report_accesses: ['event_id'],
    report_launches: ['launch_id'],
    report_payments: ['order_id', 'sequence'],
    report_erased: ['erased_at'],
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
    {
      table: 'report_consents',
      columns: ['user_id', 'mini_app_id', 'scope', 'state', 'purpose', 'decided_at'],
      purpose: "the user's privacy report: their decisions in force",
      legalBasis: 'contract',
      retention: { rule: 'until withdrawn, or the mini-app no longer asks for the scope with the same purpose' },
    },
    {
      table: 'report_consent_history',
      columns: ['user_id', 'mini_app_id', 'scope', 'action', 'purpose', 'at'],
      purpose: "the user's privacy report: every decision they made",
      legalBasis: 'contract',
      retention: { rule: 'kept as proof of consent, until the person forgets the mini-app' },
    },
    {
      table: 'report_accesses',
      columns: ['user_id', 'mini_app_id', 'scope', 'domain', 'at'],
      purpose: "the user's privacy report: each brokered access and each origin reached through the proxy",
      legalBasis: 'contract',
      retention: usageRetention,
    },
    {
      table: 'report_launches',
      columns: ['user_id', 'mini_app_id', 'at'],
      purpose: "the user's privacy report: their launches of each mini-app",
      legalBasis: 'contract',
      retention: usageRetention,
    },
    {
      table: 'report_payments',
      columns: ['user_id', 'mini_app_id', 'amount', 'refunded_amount', 'currency', 'state', 'at'],
      purpose: "the user's privacy report: what they paid mini-apps",
      legalBasis: 'contract',
      retention: {
        rule: 'kept as the record of a sale, until the person forgets the mini-app',
      },
    },
    {
      table: 'report_forgotten',
      columns: ['user_id', 'mini_app_id', 'at'],
      purpose: 'which mini-apps a user made the platform forget, so that late events from before are not shown again',
      legalBasis: 'contract',
      retention: { ...usageRetention, after: 'the user forgot the mini-app' },
    },
    {
      table: 'report_erased',
      columns: ['user_id'],
      purpose:
        'who was erased, so that events lagging behind the erasure bring nothing of them back into the privacy report',
      legalBasis: 'legal-obligation',
      retention: { rule: 'kept: without it, an erased person could come back' },
      keptOnErasure: 'it is the erasure',
    },
  ],
});
