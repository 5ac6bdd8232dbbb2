import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The tamper-evident log of money movements: one record per movement, written in the movement's
 * own transaction. Its link in the hash chain is added right after commit (AuditChainLinkEntity).
 */
@Entity({ schema: 'wallet', name: 'audit_log' })
export class AuditRecordEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ name: 'occurred_at', type: 'text' })
  occurredAt: string;

  @Column({ type: 'text' })
  actor: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;
}
