import { Column } from 'typeorm';

/** Whose and which mini-app's a row is: what launches, codes and log records all carry. */
export abstract class UserMiniAppColumns {
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;
}
