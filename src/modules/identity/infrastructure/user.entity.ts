import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Role } from '../../../shared/kernel/roles';

@Entity({ schema: 'identity', name: 'users' })
export class UserEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 100 })
  displayName: string;

  @Column({ name: 'password_hash', type: 'text' })
  passwordHash: string;

  @Column({ type: 'text', array: true, default: () => "'{user}'" })
  roles: Role[];

  @Column({ type: 'varchar', length: 35, nullable: true })
  locale: string | null;

  @Column({ name: 'avatar_url', type: 'varchar', length: 2048, nullable: true })
  avatarUrl: string | null;

  /** Counts the signup funnel's `signed_in` step once per person. */
  @Column({ name: 'first_signed_in_at', type: 'timestamptz', nullable: true })
  firstSignedInAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
