import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { type Listing, ListingStore } from '../ports/listing-store';

export class GetListing extends Query<Listing> {
  constructor(readonly slug: string) {
    super();
  }
}

@QueryHandler(GetListing)
export class GetListingHandler implements IQueryHandler<GetListing, Listing> {
  constructor(private readonly listings: ListingStore) {}

  async execute({ slug }: GetListing): Promise<Listing> {
    const listing = await this.listings.find(slug);
    if (!listing) throw notFound('The mini-app');
    return listing;
  }
}
