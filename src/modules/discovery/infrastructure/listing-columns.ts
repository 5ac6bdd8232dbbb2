import { Column } from 'typeorm';

/** What a catalogue row holds of a version, live or in QA: the listing tables share these columns. */
export abstract class ListingColumns {
  @Column({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'text' })
  entry: string;

  @Column({ type: 'jsonb' })
  permissions: Array<{ scope: string; purpose: string }>;

  @Column({ type: 'jsonb' })
  domains: string[];

  @Column({ name: 'bundle_digest', type: 'char', length: 64 })
  bundleDigest: string;
}
