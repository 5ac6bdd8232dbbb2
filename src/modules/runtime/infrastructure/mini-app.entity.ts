import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The runtime's own read model of what may run, built only from review's events (never from its
 * tables): the owner from the registration, the live manifest from each publication, nothing live
 * after a take-down. Replaying review's events in order rebuilds it.
 */
@Entity({ schema: 'runtime', name: 'mini_apps' })
@Index('mini_apps_slug_key', ['slug'], { unique: true })
export class MiniAppEntity {
  @PrimaryColumn({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @Column({ type: 'text' })
  slug: string;

  /** The developer who registered it; null for mini-apps registered before review published the owner. */
  @Column({ name: 'owner_id', type: 'uuid', nullable: true })
  ownerId: string | null;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'text', nullable: true })
  category: string | null;

  /** Null when nothing of it is live (never published, or taken down). */
  @Column({ name: 'live_version', type: 'text', nullable: true })
  liveVersion: string | null;

  @Column({ type: 'text', nullable: true })
  entry: string | null;

  @Column({ name: 'bundle_digest', type: 'char', length: 64, nullable: true })
  bundleDigest: string | null;

  @Column({ name: 'bundle_signature', type: 'text', nullable: true })
  bundleSignature: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  permissions: Array<{ scope: string; purpose: string }>;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  domains: string[];

  /** When what is live last changed (a publication, rollback or take-down): an older event never undoes a newer one. */
  @Column({ name: 'live_since', type: 'timestamptz', nullable: true })
  liveSince: Date | null;
}
