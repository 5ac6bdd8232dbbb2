import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { privacyContract } from './privacy.contract';
import { ErasureController } from './api/erasure.controller';
import { ExportsController } from './api/exports.controller';
import { ProcessingController } from './api/processing.controller';
import { GetErasureHandler } from './application/erasure/get-erasure.query';
import { RequestErasureHandler } from './application/erasure/request-erasure.command';
import { TrackErasures } from './application/erasure/track-erasures.handler';
import { Erasures } from './application/ports/erasures';
import { SqlErasures } from './infrastructure/sql-erasures';
import { RequestTallies } from './application/ports/request-tallies';
import { SqlRequestTallies } from './infrastructure/sql-request-tallies';
import { TransparencyController } from './api/transparency.controller';
import { PrivacyReportController } from './api/privacy-report.controller';
import { PrivacyHousekeeping } from './application/privacy-housekeeping';
import { ReportStore } from './application/ports/report-store';
import { GetPrivacyReportHandler } from './application/queries/privacy-report.query';
import { EraseReport } from './application/subscribers/erase-report.handler';
import { KeepReport, KeepReportNames } from './application/subscribers/keep-report.handler';
import { SqlReportStore } from './infrastructure/sql-report-store';
import { ReleaseAggregateHandler } from './application/commands/release-aggregate.handler';
import { RequestExportHandler } from './application/commands/request-export.command';
import { ExportArchiveAssembler } from './application/export-archive';
import { ExportStore } from './application/ports/export-store';
import { GetExportArchiveHandler, GetExportHandler, ListExportsHandler } from './application/queries/get-export.query';
import { AssembleExport } from './application/subscribers/assemble-export.handler';
import { AggregateReleases } from './application/ports/aggregate-releases';
import { NoiseSource } from './application/ports/noise-source';
import { GetTransparencyReportHandler } from './application/queries/transparency-report.query';
import { SafeAggregates } from './application/safe-aggregates';
import { BudgetEntity } from './infrastructure/budget.entity';
import { CryptoNoiseSource } from './infrastructure/crypto-noise-source';
import { ReleaseEntity } from './infrastructure/release.entity';
import { SqlAggregateReleases } from './infrastructure/sql-aggregate-releases';
import { SqlExportStore } from './infrastructure/sql-export-store';

/**
 * Privacy (schema `privacy`): safe aggregates. Counts about people leave the platform only
 * through it: suppressed below k, noised with an exact discrete Laplace sampler, released once per
 * query and paid from an ε budget per subject and month (ADR 0028). It handles the ReleaseAggregate
 * command of `src/shared/contracts/privacy`, asks runtime's CountConsentActivity for the
 * transparency report, and reads no other module's tables. People's data exports (GDPR Art. 15 and
 * 20) are assembled by its own subscriber of `privacy.export-requested` from each module's export
 * query, and deleted after PRIVACY_EXPORT_RETENTION_HOURS.
 */
@ModuleName(privacyContract)
@Module({
  imports: [TypeOrmModule.forFeature([ReleaseEntity, BudgetEntity])],
  controllers: [
    TransparencyController,
    ProcessingController,
    ErasureController,
    ExportsController,
    PrivacyReportController,
  ],
  providers: [
    { provide: AggregateReleases, useClass: SqlAggregateReleases },
    { provide: NoiseSource, useClass: CryptoNoiseSource },
    SafeAggregates,
    { provide: Erasures, useClass: SqlErasures },
    { provide: RequestTallies, useClass: SqlRequestTallies },
    RequestErasureHandler,
    GetErasureHandler,
    TrackErasures,
    ReleaseAggregateHandler,
    GetTransparencyReportHandler,
    { provide: ExportStore, useClass: SqlExportStore },
    ExportArchiveAssembler,
    RequestExportHandler,
    GetExportHandler,
    GetExportArchiveHandler,
    ListExportsHandler,
    AssembleExport,
    { provide: ReportStore, useClass: SqlReportStore },
    KeepReportNames,
    EraseReport,
    KeepReport,
    GetPrivacyReportHandler,
    PrivacyHousekeeping,
  ],
})
export class PrivacyModule {}
