import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { UserMiniAppColumns } from './user-mini-app-columns';

/**
 * The SDK access log: each brokered use of something of the user's (a scope) or of the network,
 * and what came of it. Never a request's or response's body. Kept ACCESS_LOG_RETENTION_DAYS.
 */
@Entity({ schema: 'runtime', name: 'access_log' })
@Index('access_log_at_idx', ['at'])
@Index('access_log_user_idx', ['userId', 'at'])
export class AccessRecordEntity extends UserMiniAppColumns {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'launch_id', type: 'uuid' })
  launchId: string;

  /** A scope, or `network` for a proxied request. */
  @Column({ type: 'text' })
  scope: string;

  @Column({ type: 'text' })
  outcome: string;

  /** Network only: the origin called, the upstream status, and the bytes sent and received. */
  @Column({ type: 'text', nullable: true })
  domain: string | null;

  @Column({ type: 'integer', nullable: true })
  status: number | null;

  @Column({ name: 'request_bytes', type: 'integer', nullable: true })
  requestBytes: number | null;

  @Column({ name: 'response_bytes', type: 'integer', nullable: true })
  responseBytes: number | null;

  @Column({ type: 'timestamptz' })
  at: Date;
}
