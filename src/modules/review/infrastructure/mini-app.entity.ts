import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A mini-app a developer registered: its slug, name, category and which version is live. */
@Entity({ schema: 'review', name: 'mini_apps' })
@Index('mini_apps_developer_idx', ['developerId'])
export class MiniAppEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'developer_id', type: 'uuid' })
  developerId: string;

  @Column({ name: 'live_version', type: 'text', nullable: true })
  liveVersion: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  /** Set by a take-down, cleared by a reviewer's rollback: while set, its developer cannot publish. */
  @Column({ name: 'taken_down_at', type: 'timestamptz', nullable: true })
  takenDownAt: Date | null;
}
