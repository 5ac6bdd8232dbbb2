import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { DeliveryStatus } from '../domain/delivery-status';

/**
 * One (event, subscriber) pair, in the spirit of Spring Modulith's event publication registry:
 * pending → processing → completed | failed, with attempts, the last error and timestamps.
 */
@Entity({ schema: 'bus', name: 'deliveries' })
@Unique('deliveries_event_subscriber_key', ['eventId', 'subscriber'])
@Index('deliveries_due_idx', ['availableAt'], { where: `status = 'pending'` })
@Index('deliveries_chain_idx', ['subscriber', 'key', 'position'], { where: `status IN ('pending', 'processing')` })
@Index('deliveries_failed_idx', ['id'], { where: `status = 'failed'` })
@Index('deliveries_lease_idx', ['leaseUntil'], { where: `status = 'processing'` })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId: string;

  @Column({ type: 'text' })
  subscriber: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType: string;

  /** The event's key and position, copied so a subscriber's queue per key is one index scan. */
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'bigint' })
  position: string;

  @Column({ type: 'text' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'max_attempts', type: 'integer' })
  maxAttempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  availableAt: Date;

  @Column({ name: 'lease_until', type: 'timestamptz', nullable: true })
  leaseUntil: Date | null;

  @Column({ name: 'claim_token', type: 'uuid', nullable: true })
  claimToken: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  updatedAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;
}
