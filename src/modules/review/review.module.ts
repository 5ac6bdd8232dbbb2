import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { perDeploymentMode } from '../../platform/instance/deployment-mode';
import { ModuleName } from '../../platform/messaging/decorators';
import { reviewContract } from './review.contract';
import { BundlesController } from './api/bundles.controller';
import { FramesController } from './api/frames.controller';
import { MiniAppsController } from './api/mini-apps.controller';
import { PolicyController } from './api/policy.controller';
import { QueueController } from './api/queue.controller';
import { PublishVersionHandler } from './application/commands/publish-version.command';
import { FirstPartyPublisher } from './application/first-party-publisher';
import { FirstPartyBundles } from './application/ports/first-party-bundles';
import { ChangeLiveVersionHandler } from './application/commands/take-down.command';
import { DecideVersionHandler } from './application/commands/decide-version.command';
import { RegisterMiniAppHandler } from './application/commands/register-mini-app.command';
import { SubmitVersionHandler } from './application/commands/submit-version.command';
import { BundleScanner } from './application/ports/bundle-scanner';
import { BundleSigner } from './application/ports/bundle-signer';
import { BundleUnpacker } from './application/ports/bundle-unpacker';
import { ReviewStore } from './application/ports/review-store';
import { ScanQueue } from './application/ports/scan-queue';
import { GetVersionHandler } from './application/queries/get-version.query';
import { GetPublishedBundleHandler } from './application/queries/published-bundle.query';
import { GetPublishedFileHandler } from './application/queries/published-file.query';
import { UnpackedBundles } from './application/unpacked-bundles';
import { GetReviewQueueHandler } from './application/queries/review-queue.query';
import { ScanStage } from './application/scan-stage';
import { BullMqScanQueue } from './infrastructure/bullmq-scan-queue';
import { InProcessScanQueue } from './infrastructure/in-process-scan-queue';
import { BundleEntity } from './infrastructure/bundle.entity';
import { Ed25519BundleSigner } from './infrastructure/ed25519-bundle-signer';
import { MiniAppEntity } from './infrastructure/mini-app.entity';
import { PackedFirstPartyBundles } from './infrastructure/packed-first-party-bundles';
import { PiscinaBundleScanner } from './infrastructure/piscina-bundle-scanner';
import { SqlReviewStore } from './infrastructure/sql-review.store';
import { VersionEntity } from './infrastructure/version.entity';
import { YauzlBundleUnpacker } from './infrastructure/yauzl-bundle-unpacker';
import { PersonalDataExport } from './application/ports/personal-data-export';
import { ExportReviewPersonalDataHandler } from './application/queries/export-personal-data.handler';
import { SqlPersonalDataExport } from './infrastructure/sql-personal-data-export';

/**
 * Review: mini-apps, their versions and the pipeline every version passes before anyone can open
 * it (schema `review`). Its published language is `src/shared/contracts/review`.
 */
@ModuleName(reviewContract)
@Module({
  imports: [TypeOrmModule.forFeature([MiniAppEntity, VersionEntity, BundleEntity])],
  controllers: [MiniAppsController, PolicyController, QueueController, BundlesController, FramesController],
  providers: [
    { provide: PersonalDataExport, useClass: SqlPersonalDataExport },
    ExportReviewPersonalDataHandler,
    { provide: ReviewStore, useClass: SqlReviewStore },
    { provide: BundleUnpacker, useClass: YauzlBundleUnpacker },
    perDeploymentMode(ScanQueue, {
      'multi-instance': (config) => new BullMqScanQueue(config),
      'single-instance': () => new InProcessScanQueue(),
    }),
    { provide: BundleSigner, useClass: Ed25519BundleSigner },
    { provide: BundleScanner, useClass: PiscinaBundleScanner },
    RegisterMiniAppHandler,
    SubmitVersionHandler,
    GetVersionHandler,
    DecideVersionHandler,
    GetReviewQueueHandler,
    ScanStage,
    PublishVersionHandler,
    ChangeLiveVersionHandler,
    GetPublishedBundleHandler,
    GetPublishedFileHandler,
    UnpackedBundles,
    { provide: FirstPartyBundles, useFactory: () => new PackedFirstPartyBundles() },
    FirstPartyPublisher,
  ],
})
export class ReviewModule {}
