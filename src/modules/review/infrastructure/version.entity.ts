import { Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { VersionStatus } from '../domain/version-status';

/** One uploaded version: its manifest, its bundle (by digest), where it is in the pipeline and what was found. */
@Entity({ schema: 'review', name: 'versions' })
@Unique('versions_mini_app_version_key', ['miniAppId', 'version'])
@Index('versions_queue_idx', ['status', 'submittedAt'])
export class VersionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ type: 'text' })
  status: VersionStatus;

  @Column({ type: 'jsonb' })
  manifest: Record<string, unknown>;

  /** SHA-256 of the .zip as uploaded, lower-case hex: the bundle's name in review.bundles. */
  @Column({ name: 'bundle_digest', type: 'char', length: 64 })
  bundleDigest: string;

  @Column({ name: 'bundle_bytes', type: 'integer' })
  bundleBytes: number;

  @Column({ name: 'file_count', type: 'integer' })
  fileCount: number;

  @Column({ type: 'jsonb' })
  findings: unknown[];

  @Column({ type: 'jsonb', nullable: true })
  reasons: string[] | null;

  @Column({ name: 'submitted_by', type: 'uuid' })
  submittedBy: string;

  @Column({ name: 'submitted_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  submittedAt: Date;

  /** When the status last changed: a version stuck in `scanning` (its worker died) is scanned again after a while. */
  @Column({ name: 'status_changed_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  statusChangedAt: Date;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** The platform's Ed25519 signature of the bundle's SHA-256 (the 32 bytes), base64url; set when published. */
  @Column({ type: 'text', nullable: true })
  signature: string | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;
}
