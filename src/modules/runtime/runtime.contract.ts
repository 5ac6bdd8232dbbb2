import { moduleContract } from '../../platform/messaging/module-contract';
import { ProfileUpdated, UserRegistered } from '../../shared/contracts/identity';
import { MiniAppRegistered, MiniAppUnpublished, VersionPublished } from '../../shared/contracts/review';
import { ReleaseAggregate } from '../../shared/contracts/privacy';
import {
  ConsentDenied,
  CountConsentActivity,
  ConsentGranted,
  ConsentsExpired,
  ConsentWithdrawn,
  FindOpenLaunch,
  MiniAppLaunched,
  ResolveOpenid,
  VerifyServerCredentials,
} from '../../shared/contracts/runtime';
import { TransferCompleted, WalletOpened } from '../../shared/contracts/wallet';

const accessLogRetention = { setting: 'ACCESS_LOG_RETENTION_DAYS' } as const;

/** The runtime's face: launches and consent as events, and three questions others ask it synchronously. */
export const runtimeContract = moduleContract({
  name: 'runtime',
  schema: 'runtime',
  owns: 'its read models of live mini-apps and of profiles, launches, pairwise ids, login codes, server credentials, consent (current decisions and a ledger), storage, the SDK access log',
  publishes: [MiniAppLaunched, ConsentGranted, ConsentDenied, ConsentWithdrawn, ConsentsExpired],
  subscribers: {
    'runtime.keep-mini-apps': [MiniAppRegistered, VersionPublished, MiniAppUnpublished],
    'runtime.keep-profiles': [UserRegistered, ProfileUpdated],
    'runtime.keep-contacts': [WalletOpened, TransferCompleted],
  },
  commands: { handles: [], sends: [ReleaseAggregate] },
  queries: { handles: [VerifyServerCredentials, ResolveOpenid, FindOpenLaunch, CountConsentActivity], sends: [] },
  settings: [
    'DATA_DIR',
    'JWT_ISSUER',
    'RUNTIME_SIGNING_KEY',
    'RUNTIME_PAIRWISE_KEY',
    'RUNTIME_LAUNCH_TTL_SECONDS',
    'RUNTIME_SECRET_GRACE_SECONDS',
    'RUNTIME_PROXY_REQUESTS_PER_MINUTE',
    'OUTBOUND_ALLOW_LOOPBACK',
    'ACCESS_LOG_RETENTION_DAYS',
    'PRIVACY_RELEASE_EPSILON',
    'PRIVACY_EPSILON_BUDGET',
    'LOGIN_CODE_RETENTION_MINUTES',
  ],
  personalData: [
    {
      table: 'user_profiles',
      columns: ['user_id', 'display_name', 'avatar_url'],
      purpose: "what a mini-app may be shown of a user's profile, with consent",
      legalBasis: 'contract',
      retention: { rule: 'while the account exists (there is no erasure yet)' },
    },
    {
      table: 'pairwise_ids',
      columns: ['user_id', 'mini_app_id', 'openid'],
      purpose: 'a different, stable id per user in each mini-app, so mini-apps cannot join their users',
      legalBasis: 'contract',
      retention: { rule: 'while the account exists (there is no erasure yet)' },
    },
    {
      table: 'launches',
      columns: ['user_id', 'mini_app_id', 'launched_at', 'load_time_ms'],
      purpose: 'running a mini-app, and its usage history',
      legalBasis: 'contract',
      retention: accessLogRetention,
    },
    {
      table: 'first_launches',
      columns: ['user_id', 'launched_at'],
      purpose: "the sign-up funnel's first-mini-app-opened step, counted once per person",
      legalBasis: 'legitimate-interests',
      retention: { rule: 'while the account exists (there is no erasure yet)' },
    },
    {
      table: 'consents',
      columns: ['user_id', 'mini_app_id', 'scope', 'state', 'decided_at'],
      purpose: "a user's current decision on each scope a mini-app asks for",
      legalBasis: 'consent',
      retention: { rule: 'until withdrawn, or the manifest no longer asks for the scope' },
    },
    {
      table: 'consent_records',
      columns: ['user_id', 'mini_app_id', 'scope', 'action', 'at'],
      purpose: 'proof of every consent decision (the ledger)',
      legalBasis: 'legal-obligation',
      retention: { rule: 'kept: the proof of consent' },
    },
    {
      table: 'access_log',
      columns: ['user_id', 'mini_app_id', 'scope', 'domain', 'at'],
      purpose: "what a mini-app did with a user's data and network access",
      legalBasis: 'legitimate-interests',
      retention: accessLogRetention,
    },
    {
      table: 'login_codes',
      columns: ['user_id', 'mini_app_id', 'code_hash'],
      purpose: "signing a user in to a mini-app's backend",
      legalBasis: 'contract',
      retention: { setting: 'LOGIN_CODE_RETENTION_MINUTES' },
    },
    {
      table: 'storage_items',
      columns: ['user_id', 'mini_app_id', 'key', 'value'],
      purpose: "a mini-app's storage for one user",
      legalBasis: 'contract',
      retention: { rule: 'until the mini-app removes it' },
    },
    {
      table: 'wallet_accounts',
      columns: ['account_id', 'user_id'],
      purpose: "whose wallet account is whose, to show a user's recent contacts",
      legalBasis: 'contract',
      retention: { rule: 'while the account exists (there is no erasure yet)' },
    },
    {
      table: 'counterparties',
      columns: ['account_id', 'counterparty_account_id', 'last_paid_at'],
      purpose: 'recent contacts a user paid, offered when sending money',
      legalBasis: 'contract',
      retention: { rule: 'while the account exists (there is no erasure yet)' },
    },
  ],
});
