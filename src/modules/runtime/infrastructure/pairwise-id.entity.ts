import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A user's id in one mini-app (OIDC pairwise subject), computed once with the platform's HMAC key
 * and kept: it stays the same for ever, and a mini-app's backend can be answered by it.
 */
@Entity({ schema: 'runtime', name: 'pairwise_ids' })
@Index('pairwise_ids_openid_key', ['miniAppId', 'openid'], { unique: true })
export class PairwiseIdEntity {
  @PrimaryColumn({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ type: 'text' })
  openid: string;
}
