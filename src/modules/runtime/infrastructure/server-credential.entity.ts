import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A mini-app's client secret for its backend, as SHA-256 hashes only: the current one, and the one
 * it replaced, which keeps working until `previous_valid_until` so a rotation needs no downtime.
 */
@Entity({ schema: 'runtime', name: 'server_credentials' })
export class ServerCredentialEntity {
  @PrimaryColumn({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @Column({ name: 'secret_hash', type: 'char', length: 64 })
  secretHash: string;

  @Column({ name: 'previous_secret_hash', type: 'char', length: 64, nullable: true })
  previousSecretHash: string | null;

  @Column({ name: 'previous_valid_until', type: 'timestamptz', nullable: true })
  previousValidUntil: Date | null;

  @Column({ name: 'rotated_at', type: 'timestamptz' })
  rotatedAt: Date;
}
