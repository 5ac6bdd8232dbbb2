import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The current decision per user × mini-app × scope: granted or denied, under the purpose and
 * manifest version the user saw. No row is "not asked". The history is in consent_records.
 */
@Entity({ schema: 'runtime', name: 'consents' })
@Index('consents_mini_app_scope_idx', ['miniAppId', 'scope'])
export class ConsentEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @PrimaryColumn({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'manifest_version', type: 'text' })
  manifestVersion: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;
}
