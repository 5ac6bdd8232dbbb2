import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** The first response to a money-moving request, replayed byte for byte for a retry with the same key (Stripe's semantics; see platform/idempotency). */
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

  /** The headers that belong to the answer (its content type, a problem's Retry-After). */
  @Column({ name: 'response_headers', type: 'jsonb' })
  responseHeaders: Record<string, string>;

  /** The body's bytes as first sent: a replay sends them again unchanged. */
  @Column({ name: 'response_body', type: 'bytea' })
  responseBody: Buffer;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt: Date;
}
