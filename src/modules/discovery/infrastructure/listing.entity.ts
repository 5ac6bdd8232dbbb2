import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ListingColumns } from './listing-columns';

/**
 * Discovery's own read model of live mini-apps, built only from review's events (never from its
 * tables): dropping it and replaying `review.version-published` rebuilds it.
 */
@Entity({ schema: 'discovery', name: 'listings' })
@Index('listings_category_idx', ['category', 'name'])
export class ListingEntity extends ListingColumns {
  @PrimaryColumn({ type: 'text' })
  slug: string;

  /** The live version. */
  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  signature: string;

  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
