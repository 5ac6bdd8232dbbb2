import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UserMiniAppColumns } from './user-mini-app-columns';

/** A user's opening of a mini-app, pinned to the version and bundle that were live; every SDK call names it. */
@Entity({ schema: 'runtime', name: 'launches' })
@Index('launches_launched_at_idx', ['launchedAt'])
export class LaunchEntity extends UserMiniAppColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  version: string;

  @Column({ name: 'bundle_digest', type: 'char', length: 64 })
  bundleDigest: string;

  @Column({ name: 'launched_at', type: 'timestamptz' })
  launchedAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  /** The first load time the mini-app reported; later reports are refused. */
  @Column({ name: 'load_time_ms', type: 'integer', nullable: true })
  loadTimeMs: number | null;
}
