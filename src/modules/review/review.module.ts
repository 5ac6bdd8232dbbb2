import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { MiniAppsController } from './api/mini-apps.controller';
import { RegisterMiniAppHandler } from './application/commands/register-mini-app.command';
import { SubmitVersionHandler } from './application/commands/submit-version.command';
import { BundleUnpacker } from './application/ports/bundle-unpacker';
import { ReviewStore } from './application/ports/review-store';
import { ScanQueue } from './application/ports/scan-queue';
import { GetVersionHandler } from './application/queries/get-version.query';
import { BullMqScanQueue } from './infrastructure/bullmq-scan-queue';
import { BundleEntity } from './infrastructure/bundle.entity';
import { MiniAppEntity } from './infrastructure/mini-app.entity';
import { SqlReviewStore } from './infrastructure/sql-review.store';
import { VersionEntity } from './infrastructure/version.entity';
import { YauzlBundleUnpacker } from './infrastructure/yauzl-bundle-unpacker';

/**
 * Review: mini-apps, their versions and the pipeline every version passes before anyone can open
 * it (schema `review`). Its published language is `src/shared/contracts/review`.
 */
@ModuleName('review')
@Module({
  imports: [TypeOrmModule.forFeature([MiniAppEntity, VersionEntity, BundleEntity])],
  controllers: [MiniAppsController],
  providers: [
    { provide: ReviewStore, useClass: SqlReviewStore },
    { provide: BundleUnpacker, useClass: YauzlBundleUnpacker },
    { provide: ScanQueue, useClass: BullMqScanQueue },
    RegisterMiniAppHandler,
    SubmitVersionHandler,
    GetVersionHandler,
  ],
})
export class ReviewModule {}
