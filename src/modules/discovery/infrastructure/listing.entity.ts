import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Discovery's own read model of live mini-apps, built only from review's events (never from its
 * tables): dropping it and replaying `review.version-published` rebuilds it.
 */
@Entity({ schema: 'discovery', name: 'listings' })
@Index('listings_category_idx', ['category', 'name'])
export class ListingEntity {
  @PrimaryColumn({ type: 'text' })
  slug: string;

  @Column({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  entry: string;

  @Column({ type: 'jsonb' })
  permissions: Array<{ scope: string; purpose: string }>;

  @Column({ type: 'jsonb' })
  domains: string[];

  @Column({ name: 'bundle_digest', type: 'char', length: 64 })
  bundleDigest: string;

  @Column({ type: 'text' })
  signature: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
