import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The tamper-evident log of money movements: each record carries the hash of the one before. */
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

  @Column({ name: 'previous_hash', type: 'char', length: 64 })
  previousHash: string;

  @Column({ type: 'char', length: 64, unique: true })
  hash: string;
}
