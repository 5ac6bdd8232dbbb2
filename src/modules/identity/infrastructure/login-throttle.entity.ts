import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Failed logins per e-mail address, kept by its hash whether or not an account exists,
 * so that a lock answers the same for a known and an unknown address.
 */
@Entity({ schema: 'identity', name: 'login_throttles' })
export class LoginThrottleEntity {
  @PrimaryColumn({ name: 'email_hash', type: 'char', length: 64 })
  emailHash: string;

  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
