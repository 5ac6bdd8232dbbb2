export interface Listing {
  slug: string;
  miniAppId: string;
  name: string;
  category: string;
  description: string;
  version: string;
  entry: string;
  permissions: Array<{ scope: string; purpose: string }>;
  domains: string[];
  bundleDigest: string;
  signature: string;
  publishedAt: Date;
}

export abstract class ListingStore {
  /** Lists the version, unless a later publication of the same mini-app is listed already (a redelivery is harmless). */
  abstract upsert(listing: Listing): Promise<void>;
  abstract remove(slug: string): Promise<void>;
  abstract find(slug: string): Promise<Listing | null>;
  /** Live mini-apps matching the words of `q` (PostgreSQL full-text search) and the category, best match first. */
  abstract search(filter: { q?: string; category?: string; offset: number; limit: number }): Promise<Listing[]>;
}
