import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { AnalyticsController } from './api/analytics.controller';
import { runtimeContract } from './runtime.contract';
import { GrantsController } from './api/grants.controller';
import { LaunchesController } from './api/launches.controller';
import { ProxyController } from './api/proxy.controller';
import { ServerController } from './api/server.controller';
import { StorageController } from './api/storage.controller';
import { ForgetController } from './api/forget.controller';
import { NoticeEndpointController } from './api/notice-endpoint.controller';
import { ForgetMiniAppHandler } from './application/commands/forget-mini-app.command';
import {
  GetNoticeEndpointHandler,
  RemoveNoticeEndpointHandler,
  SetNoticeEndpointHandler,
} from './application/commands/notice-endpoint.command';
import { QueuedBackendNotices } from './application/notices/queued-backend-notices';
import { BackendNotices } from './application/ports/backend-notices';
import { NoticeLog } from './application/ports/notice-log';
import { UserTraces } from './application/ports/user-traces';
import { DeliverNotices } from './application/subscribers/deliver-notices.handler';
import { SqlNoticeLog } from './infrastructure/sql-notice-log';
import { SqlUserTraces } from './infrastructure/sql-user-traces';
import { BrokeredAccess } from './application/brokered-access';
import { DecideConsentHandler } from './application/commands/decide-consent.command';
import { ExchangeLoginCodeHandler } from './application/commands/exchange-login-code.command';
import { IssueLoginCodeHandler } from './application/commands/issue-login-code.command';
import { ProxyRequestHandler } from './application/commands/proxy-request.command';
import { ReleaseAnalyticsHandler } from './application/commands/release-analytics.command';
import { RemoveStorageHandler } from './application/commands/remove-storage.command';
import { ReportLoadTimeHandler } from './application/commands/report-load-time.command';
import { RotateServerSecretHandler } from './application/commands/rotate-server-secret.command';
import { ShareContactHandler } from './application/commands/share-contact.command';
import { ShareProfileHandler } from './application/commands/share-profile.command';
import { StartLaunchHandler } from './application/commands/start-launch.command';
import { UseCapabilityHandler } from './application/commands/use-capability.command';
import { WithdrawConsentHandler } from './application/commands/withdraw-consent.command';
import { WriteStorageHandler } from './application/commands/write-storage.command';
import { OpenLaunches } from './application/open-launches';
import { AccessLog } from './application/ports/access-log';
import { AppStorage } from './application/ports/app-storage';
import { ContactBook } from './application/ports/contact-book';
import { ConsentLedger } from './application/ports/consent-ledger';
import { LaunchStore } from './application/ports/launch-store';
import { LoginCodes } from './application/ports/login-codes';
import { MiniAppDirectory } from './application/ports/mini-app-directory';
import { PairwiseIds } from './application/ports/pairwise-ids';
import { ProfileDirectory } from './application/ports/profile-directory';
import { ProxyRateLimit } from './application/ports/proxy-rate-limit';
import { RuntimeMetrics } from './application/ports/runtime-metrics';
import { RuntimeSigner } from './application/ports/runtime-signer';
import { ServerCredentials } from './application/ports/server-credentials';
import { UsageCounts } from './application/ports/usage-counts';
import { CountConsentActivityHandler } from './application/queries/count-consent-activity.handler';
import { FindRecipientHandler } from './application/queries/find-recipient.query';
import { ListContactsHandler } from './application/queries/list-contacts.query';
import { ListGrantsHandler } from './application/queries/list-grants.query';
import { GetMiniAppGrantsHandler } from './application/queries/mini-app-grants.query';
import { ReadStorageHandler } from './application/queries/read-storage.query';
import { VerifyServerCredentialsHandler } from './application/queries/verify-server-credentials.handler';
import { ResolveOpenidHandler } from './application/queries/resolve-openid.handler';
import { FindOpenLaunchHandler } from './application/queries/find-open-launch.handler';
import { RuntimeHousekeeping } from './application/runtime-housekeeping';
import { KeepContacts } from './application/subscribers/keep-contacts.handler';
import { KeepMiniApps } from './application/subscribers/keep-mini-apps.handler';
import { KeepProfiles } from './application/subscribers/keep-profiles.handler';
import { EraseRuntimeData } from './application/subscribers/erase-personal-data.handler';
import { RuntimePersonalData } from './application/ports/personal-data';
import { SqlRuntimePersonalData } from './infrastructure/sql-personal-data';
import { AccessRecordEntity } from './infrastructure/access-record.entity';
import { ConsentRecordEntity } from './infrastructure/consent-record.entity';
import { ConsentEntity } from './infrastructure/consent.entity';
import { CounterpartyEntity } from './infrastructure/counterparty.entity';
import { SqlContactBook } from './infrastructure/sql-contact-book';
import { WalletAccountEntity } from './infrastructure/wallet-account.entity';
import { Ed25519RuntimeSigner } from './infrastructure/ed25519-runtime-signer';
import { FirstLaunchEntity } from './infrastructure/first-launch.entity';
import { LaunchEntity } from './infrastructure/launch.entity';
import { LoginCodeEntity } from './infrastructure/login-code.entity';
import { MiniAppEntity } from './infrastructure/mini-app.entity';
import { PairwiseIdEntity } from './infrastructure/pairwise-id.entity';
import { PrometheusRuntimeMetrics } from './infrastructure/prometheus-runtime-metrics';
import { ServerCredentialEntity } from './infrastructure/server-credential.entity';
import { SqlAccessLog } from './infrastructure/sql-access-log';
import { SqlAppStorage } from './infrastructure/sql-app-storage';
import { SqlConsentLedger } from './infrastructure/sql-consent-ledger';
import { SqlLaunchStore } from './infrastructure/sql-launch-store';
import { SqlLoginCodes } from './infrastructure/sql-login-codes';
import { SqlMiniAppDirectory } from './infrastructure/sql-mini-app-directory';
import { SqlPairwiseIds } from './infrastructure/sql-pairwise-ids';
import { SqlProfileDirectory } from './infrastructure/sql-profile-directory';
import { SqlServerCredentials } from './infrastructure/sql-server-credentials';
import { SqlUsageCounts } from './infrastructure/sql-usage-counts';
import { StorageItemEntity } from './infrastructure/storage-item.entity';
import { ThrottlerProxyRateLimit } from './infrastructure/throttler-proxy-rate-limit';
import { UserProfileEntity } from './infrastructure/user-profile.entity';
import { PersonalDataExport } from './application/ports/personal-data-export';
import { ExportRuntimePersonalDataHandler } from './application/queries/export-personal-data.handler';
import { SqlPersonalDataExport } from './infrastructure/sql-personal-data-export';

/**
 * The mini-app runtime, server side (schema `runtime`): launches, per-mini-app pairwise ids,
 * login codes and server credentials, consent, brokered capabilities, the network proxy, storage
 * and the access log. Its read models of what may run and of profiles are built only from
 * review's and identity's events; its published language is `src/shared/contracts/runtime`.
 */
@ModuleName(runtimeContract)
@Module({
  imports: [
    TypeOrmModule.forFeature([
      MiniAppEntity,
      UserProfileEntity,
      LaunchEntity,
      PairwiseIdEntity,
      LoginCodeEntity,
      ServerCredentialEntity,
      ConsentEntity,
      ConsentRecordEntity,
      StorageItemEntity,
      AccessRecordEntity,
      WalletAccountEntity,
      CounterpartyEntity,
      FirstLaunchEntity,
    ]),
  ],
  controllers: [
    LaunchesController,
    ProxyController,
    StorageController,
    GrantsController,
    ServerController,
    AnalyticsController,
    NoticeEndpointController,
    ForgetController,
  ],
  providers: [
    { provide: PersonalDataExport, useClass: SqlPersonalDataExport },
    ExportRuntimePersonalDataHandler,
    { provide: MiniAppDirectory, useClass: SqlMiniAppDirectory },
    { provide: ProfileDirectory, useClass: SqlProfileDirectory },
    { provide: ContactBook, useClass: SqlContactBook },
    { provide: LaunchStore, useClass: SqlLaunchStore },
    { provide: PairwiseIds, useClass: SqlPairwiseIds },
    { provide: LoginCodes, useClass: SqlLoginCodes },
    { provide: ServerCredentials, useClass: SqlServerCredentials },
    { provide: ConsentLedger, useClass: SqlConsentLedger },
    { provide: AppStorage, useClass: SqlAppStorage },
    { provide: AccessLog, useClass: SqlAccessLog },
    { provide: RuntimeSigner, useClass: Ed25519RuntimeSigner },
    { provide: ProxyRateLimit, useClass: ThrottlerProxyRateLimit },
    { provide: RuntimeMetrics, useClass: PrometheusRuntimeMetrics },
    { provide: UsageCounts, useClass: SqlUsageCounts },
    { provide: NoticeLog, useClass: SqlNoticeLog },
    { provide: BackendNotices, useClass: QueuedBackendNotices },
    { provide: UserTraces, useClass: SqlUserTraces },
    OpenLaunches,
    BrokeredAccess,
    DeliverNotices,
    SetNoticeEndpointHandler,
    RemoveNoticeEndpointHandler,
    GetNoticeEndpointHandler,
    ForgetMiniAppHandler,
    RuntimeHousekeeping,
    KeepMiniApps,
    KeepProfiles,
    EraseRuntimeData,
    { provide: RuntimePersonalData, useClass: SqlRuntimePersonalData },
    KeepContacts,
    StartLaunchHandler,
    IssueLoginCodeHandler,
    ExchangeLoginCodeHandler,
    RotateServerSecretHandler,
    VerifyServerCredentialsHandler,
    ResolveOpenidHandler,
    FindOpenLaunchHandler,
    DecideConsentHandler,
    WithdrawConsentHandler,
    ListGrantsHandler,
    GetMiniAppGrantsHandler,
    UseCapabilityHandler,
    ShareProfileHandler,
    ListContactsHandler,
    FindRecipientHandler,
    ShareContactHandler,
    ReportLoadTimeHandler,
    ProxyRequestHandler,
    ReadStorageHandler,
    WriteStorageHandler,
    RemoveStorageHandler,
    ReleaseAnalyticsHandler,
    CountConsentActivityHandler,
  ],
})
export class RuntimeModule {}
