import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UserMiniAppColumns } from './user-mini-app-columns';

/** A one-time code a mini-app's backend exchanges for the user's pairwise id; only its SHA-256 is kept. */
@Entity({ schema: 'runtime', name: 'login_codes' })
@Index('login_codes_expires_at_idx', ['expiresAt'])
export class LoginCodeEntity extends UserMiniAppColumns {
  @PrimaryColumn({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ name: 'launch_id', type: 'uuid' })
  launchId: string;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;
}
