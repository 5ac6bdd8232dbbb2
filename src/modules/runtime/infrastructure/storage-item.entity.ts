import { Column, Entity, PrimaryColumn } from 'typeorm';

/** `superapp.storage`: a JSON value per user × mini-app × key, within the quotas of domain/storage-quota. */
@Entity({ schema: 'runtime', name: 'storage_items' })
export class StorageItemEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'mini_app_id', type: 'uuid' })
  miniAppId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'jsonb' })
  value: unknown;

  /** The value's size as JSON text (UTF-8), what the quotas count. */
  @Column({ type: 'integer' })
  bytes: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
