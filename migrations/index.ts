import type { MigrationInterface } from 'typeorm';
import { CreateBusSchema1795300000000 } from './governance-bus/1795300000000-create-bus-schema';
import { LighterDeliveryIndexes1795310000000 } from './governance-bus/1795310000000-lighter-delivery-indexes';
import { UnsentEvents1796020000000 } from './governance-bus/1796020000000-unsent-events';
import { CreateIdentitySchema1795200000000 } from './identity/1795200000000-create-identity-schema';
import { FirstSignIn1795210000000 } from './identity/1795210000000-first-sign-in';
import { SessionRetention1795850000000 } from './identity/1795850000000-session-retention';
import { CreateDiscoverySchema1795600000000 } from './discovery/1795600000000-create-discovery-schema';
import { QaChannel1795610000000 } from './discovery/1795610000000-qa-channel';
import { CreatePaymentsSchema1795800000000 } from './payments/1795800000000-create-payments-schema';
import { NotificationRetention1795860000000 } from './payments/1795860000000-notification-retention';
import { CreateReviewSchema1795500000000 } from './review/1795500000000-create-review-schema';
import { PublishedVersions1795510000000 } from './review/1795510000000-published-versions';
import { TakenDownMiniApps1795520000000 } from './review/1795520000000-taken-down-mini-apps';
import { CreatePrivacySchema1795900000000 } from './privacy/1795900000000-create-privacy-schema';
import { PersonalDataExports1795970000000 } from './privacy/1795970000000-personal-data-exports';
import { CreateRuntimeSchema1795700000000 } from './runtime/1795700000000-create-runtime-schema';
import { Contacts1795710000000 } from './runtime/1795710000000-contacts';
import { FirstLaunches1795720000000 } from './runtime/1795720000000-first-launches';
import { CreateWalletSchema1795400000000 } from './wallet/1795400000000-create-wallet-schema';
import { AuditChainSealedAfterCommit1795410000000 } from './wallet/1795410000000-audit-chain-sealed-after-commit';
import { TopUpJournal1795420000000 } from './wallet/1795420000000-top-up-journal';
import { IdempotencyAnswersAsBytes1795430000000 } from './wallet/1795430000000-idempotency-answers-as-bytes';
import { MiniAppMerchantAccounts1795440000000 } from './wallet/1795440000000-mini-app-merchant-accounts';
import { ClosedAccounts1795950000000 } from './wallet/1795950000000-closed-accounts';
import { PaymentsByReference1796050000000 } from './wallet/1796050000000-payments-by-reference';
import { Erasures1795960000000 } from './privacy/1795960000000-erasures';
import { ErasedSubjects1795980000000 } from './runtime/1795980000000-erased-subjects';
import { RequestTallies1796010000000 } from './privacy/1796010000000-request-tallies';
import { BackendNotices1796030000000 } from './runtime/1796030000000-backend-notices';
import { PrivacyReport1796040000000 } from './privacy/1796040000000-privacy-report';

/** Each module's migrations (the folder it keeps them in): a process runs those of the modules it runs (ADR 0035). */
export const migrationsByModule: Readonly<Record<string, ReadonlyArray<new () => MigrationInterface>>> = {
  identity: [CreateIdentitySchema1795200000000, FirstSignIn1795210000000, SessionRetention1795850000000],
  'governance-bus': [CreateBusSchema1795300000000, LighterDeliveryIndexes1795310000000, UnsentEvents1796020000000],
  wallet: [
    CreateWalletSchema1795400000000,
    AuditChainSealedAfterCommit1795410000000,
    TopUpJournal1795420000000,
    IdempotencyAnswersAsBytes1795430000000,
    MiniAppMerchantAccounts1795440000000,
    ClosedAccounts1795950000000,
    PaymentsByReference1796050000000,
  ],
  review: [CreateReviewSchema1795500000000, PublishedVersions1795510000000, TakenDownMiniApps1795520000000],
  discovery: [CreateDiscoverySchema1795600000000, QaChannel1795610000000],
  runtime: [
    CreateRuntimeSchema1795700000000,
    Contacts1795710000000,
    FirstLaunches1795720000000,
    ErasedSubjects1795980000000,
    BackendNotices1796030000000,
  ],
  payments: [CreatePaymentsSchema1795800000000, NotificationRetention1795860000000],
  privacy: [
    CreatePrivacySchema1795900000000,
    Erasures1795960000000,
    PersonalDataExports1795970000000,
    RequestTallies1796010000000,
    PrivacyReport1796040000000,
  ],
};

const timestampOf = (migration: new () => MigrationInterface): string => /\d{13}$/.exec(migration.name)![0];

/** The migrations of these modules, in the order they were written (their timestamps). */
export function migrationsOf(modules: readonly string[]): Array<new () => MigrationInterface> {
  return modules
    .flatMap((module) => migrationsByModule[module] ?? [])
    .sort((a, b) => timestampOf(a).localeCompare(timestampOf(b)));
}

/** Every migration, in order. Explicit (not a glob) so that the build and the tests agree on the list. */
export const migrations: Array<new () => MigrationInterface> = migrationsOf(Object.keys(migrationsByModule));
