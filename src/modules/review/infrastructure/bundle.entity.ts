import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Bundles, content-addressed by SHA-256, in PostgreSQL: every instance sees the same bytes with
 * no shared disk, a bundle is at most a few MB, and it commits with its version (ADR 0011).
 */
@Entity({ schema: 'review', name: 'bundles' })
export class BundleEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  digest: string;

  @Column({ type: 'bytea' })
  content: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
