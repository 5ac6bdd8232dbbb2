import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { DiscoveryController } from './api/discovery.controller';
import { ListingStore } from './application/ports/listing-store';
import { GetListingHandler } from './application/queries/get-listing.query';
import { SearchListingsHandler } from './application/queries/search-listings.query';
import { DelistUnpublishedMiniApp } from './application/subscribers/delist-unpublished-mini-app.handler';
import { ListPublishedVersion } from './application/subscribers/list-published-version.handler';
import { OpenApprovedVersionToQa } from './application/subscribers/open-approved-version-to-qa.handler';
import { ListingEntity } from './infrastructure/listing.entity';
import { QaListingEntity } from './infrastructure/qa-listing.entity';
import { SqlListingStore } from './infrastructure/sql-listing.store';

/**
 * Discovery: the catalogue users browse (schema `discovery`), a read model built only from
 * review's events. It publishes nothing and reads no other module's tables.
 */
@ModuleName('discovery')
@Module({
  imports: [TypeOrmModule.forFeature([ListingEntity, QaListingEntity])],
  controllers: [DiscoveryController],
  providers: [{ provide: ListingStore, useClass: SqlListingStore }, ListPublishedVersion, DelistUnpublishedMiniApp, OpenApprovedVersionToQa, SearchListingsHandler, GetListingHandler],
})
export class DiscoveryModule {}
