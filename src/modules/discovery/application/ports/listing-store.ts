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
  /** Null in the QA channel: versions are signed when they go live. */
  signature: string | null;
  /** When it went live (or, in the QA channel, when it was approved). */
  publishedAt: Date;
}

/** live: what users browse; qa: approved versions, for reviewers only. */
export type Channel = 'live' | 'qa';

export abstract class ListingStore {
  /** Lists the version, unless a later publication of the same mini-app is listed already (a redelivery is harmless). */
  abstract upsert(listing: Listing): Promise<void>;
  abstract remove(slug: string): Promise<void>;
  /** An approved version enters the QA channel; it leaves when it goes live or its mini-app is taken down. */
  abstract addToQa(listing: Listing): Promise<void>;
  abstract removeFromQa(slug: string, version?: string): Promise<void>;
  abstract find(slug: string): Promise<Listing | null>;
  /** Live mini-apps matching the words of `q` (PostgreSQL full-text search) and the category, best match first. */
  abstract search(filter: {
    channel: Channel;
    q?: string;
    category?: string;
    offset: number;
    limit: number;
  }): Promise<Listing[]>;
}
