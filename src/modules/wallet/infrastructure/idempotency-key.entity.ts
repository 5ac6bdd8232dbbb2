import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first response to a money-moving request, replayed for a retry with the same key (Stripe's semantics). */
@Entity({ schema: 'wallet', name: 'idempotency_keys' })
@Index('idempotency_keys_created_idx', ['createdAt'])
export class IdempotencyKeyEntity {
  /** Whose key: `user:<id>`, or the payer of a module's command. */
  @PrimaryColumn({ type: 'text' })
  scope: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** SHA-256 of method, route and canonical body: the same key with another request is refused. */
  @Column({ type: 'char', length: 64 })
  fingerprint: string;

  @Column({ name: 'status_code', type: 'integer' })
  statusCode: number;

  @Column({ type: 'jsonb' })
  body: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
