import { Check, Column, Entity, Index, PrimaryColumn, Unique } from 'typeorm';
import type { TopUpStatus } from '../application/ports/top-up-journal';

/**
 * A top-up, journalled (and committed) before the card is charged, so a crash between the charge
 * and the posting leaves a pending row that recovery finishes, instead of money taken and never credited.
 */
@Entity({ schema: 'wallet', name: 'top_ups' })
@Unique('top_ups_request_key', ['userId', 'idempotencyKey'])
@Index('top_ups_pending_idx', ['createdAt'], { where: `status = 'pending'` })
@Index('top_ups_resolved_idx', ['resolvedAt'], { where: `status <> 'pending'` })
@Check('top_ups_amount_check', 'amount > 0')
@Check('top_ups_status_check', `status IN ('pending', 'succeeded', 'declined')`)
export class TopUpEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  @Column({ name: 'instrument_id', type: 'uuid' })
  instrumentId: string;

  /** Kept only while pending: recovery charges with it again (the same idempotency key, so the same charge). */
  @Column({ name: 'provider_token', type: 'text', nullable: true })
  providerToken: string | null;

  @Column({ type: 'text' })
  description: string;

  @Column({ type: 'bigint' })
  amount: string;

  @Column({ type: 'char', length: 3 })
  currency: string;

  @Column({ type: 'text' })
  status: TopUpStatus;

  @Column({ name: 'charge_id', type: 'text', nullable: true })
  chargeId: string | null;

  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Column({ name: 'transfer_id', type: 'uuid', nullable: true })
  transferId: string | null;

  /** Recovery attempts that failed (the provider did not answer); each pushes `nextAttemptAt` further out. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;
}
