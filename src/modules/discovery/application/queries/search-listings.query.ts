import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Channel, type Listing, ListingStore } from '../ports/listing-store';

export class SearchListings extends Query<Listing[]> {
  constructor(readonly filter: { channel: Channel; q?: string; category?: string; offset: number; limit: number }) {
    super();
  }
}

@QueryHandler(SearchListings)
export class SearchListingsHandler implements IQueryHandler<SearchListings, Listing[]> {
  constructor(private readonly listings: ListingStore) {}

  execute({ filter }: SearchListings): Promise<Listing[]> {
    return this.listings.search(filter);
  }
}
