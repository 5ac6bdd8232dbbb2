import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { ListingColumns } from './listing-columns';

/** Approved, not yet published versions: the QA channel reviewers open before a version goes live. */
@Entity({ schema: 'discovery', name: 'qa_listings' })
@Index('qa_listings_category_idx', ['category', 'name'])
export class QaListingEntity extends ListingColumns {
  @PrimaryColumn({ type: 'text' })
  slug: string;

  @PrimaryColumn({ type: 'text' })
  version: string;

  /** Always null in the QA channel: versions are signed when they go live. */
  @Column({ type: 'text', nullable: true })
  signature: string | null;

  /** When it was approved. */
  @Column({ name: 'published_at', type: 'timestamptz' })
  publishedAt: Date;
}
