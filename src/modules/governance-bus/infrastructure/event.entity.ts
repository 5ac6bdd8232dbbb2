import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One published integration event: the outbox row, written in its producer's transaction. */
@Entity({ schema: 'bus', name: 'events' })
@Index('events_type_recorded_idx', ['type', 'recordedAt'])
@Index('events_key_idx', ['key'])
export class EventEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Publication order across the platform (a sequence, so also across instances). */
  @Column({ type: 'bigint', generated: 'increment', unique: true })
  position: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text' })
  producer: string;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  recordedAt: Date;

  @Column({ name: 'correlation_id', type: 'text' })
  correlationId: string;

  @Column({ name: 'causation_id', type: 'text', nullable: true })
  causationId: string | null;

  @Column({ type: 'text', nullable: true })
  traceparent: string | null;
}
