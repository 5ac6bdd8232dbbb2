import { Column, Entity, PrimaryColumn } from 'typeorm';

/** What a mini-app granted `user.profile` may be shown, kept from identity's events (never from its tables). */
@Entity({ schema: 'runtime', name: 'user_profiles' })
export class UserProfileEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'display_name', type: 'text' })
  displayName: string;

  @Column({ name: 'avatar_url', type: 'text', nullable: true })
  avatarUrl: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
