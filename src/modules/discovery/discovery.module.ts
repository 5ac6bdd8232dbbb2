import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ModuleName } from '../../platform/messaging/decorators';
import { discoveryContract } from './discovery.contract';
import { DiscoveryController } from './api/discovery.controller';
import { ListingStore } from './application/ports/listing-store';
import { GetListingHandler } from './application/queries/get-listing.query';
import { SearchListingsHandler } from './application/queries/search-listings.query';
import { KeepCatalogue } from './application/subscribers/keep-catalogue.handler';
import { ListingEntity } from './infrastructure/listing.entity';
import { QaListingEntity } from './infrastructure/qa-listing.entity';
import { SqlListingStore } from './infrastructure/sql-listing.store';

/**
 * Discovery: the catalogue users browse (schema `discovery`), a read model built only from
 * review's events. It publishes nothing and reads no other module's tables.
 */
@ModuleName(discoveryContract)
@Module({
  imports: [TypeOrmModule.forFeature([ListingEntity, QaListingEntity])],
  controllers: [DiscoveryController],
  providers: [
    { provide: ListingStore, useClass: SqlListingStore },
    KeepCatalogue,
    SearchListingsHandler,
    GetListingHandler,
  ],
})
export class DiscoveryModule {}
