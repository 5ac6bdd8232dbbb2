import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UserMiniAppColumns } from './user-mini-app-columns';

/**
 * The consent ledger, append-only (after ISO/IEC TS 27560 consent records): every decision and
 * every lapse, with the purpose shown and the manifest version it was made under.
 */
@Entity({ schema: 'runtime', name: 'consent_records' })
@Index('consent_records_user_idx', ['userId', 'miniAppId', 'at'])
export class ConsentRecordEntity extends UserMiniAppColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  scope: string;

  /** granted, denied, withdrawn or expired. */
  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'manifest_version', type: 'text' })
  manifestVersion: string;

  @Column({ type: 'timestamptz' })
  at: Date;
}
