import { Column, Entity, PrimaryColumn } from 'typeorm';

/** When each user first opened any mini-app: the signup funnel counts that step once per person. */
@Entity({ schema: 'runtime', name: 'first_launches' })
export class FirstLaunchEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'launched_at', type: 'timestamptz' })
  launchedAt: Date;
}
