import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AppStorage } from '../application/ports/app-storage';
import { type QuotaBreach, quotaBreach } from '../domain/storage-quota';

@Injectable()
export class SqlAppStorage extends AppStorage {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async get(userId: string, miniAppId: string, key: string): Promise<unknown> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT value FROM runtime.storage_items WHERE user_id = $1 AND mini_app_id = $2 AND key = $3`,
      [userId, miniAppId, key],
    );
    return row ? row.value : undefined;
  }

  async put(userId: string, miniAppId: string, key: string, json: string, at: Date): Promise<QuotaBreach | null> {
    const bytes = Buffer.byteLength(json, 'utf8');
    // Writers of one user × mini-app take turns, so two at once cannot both fit in the last of the quota.
    await queryRows(
      this.unitOfWork,
      `SELECT pg_advisory_xact_lock(hashtextextended('runtime.storage:' || $1 || ':' || $2, 0))`,
      [userId, miniAppId],
    );
    const [usage] = await queryRows(
      this.unitOfWork,
      `SELECT count(*)::int AS keys, coalesce(sum(bytes), 0)::int AS bytes, max(bytes) FILTER (WHERE key = $3) AS replaced
         FROM runtime.storage_items WHERE user_id = $1 AND mini_app_id = $2`,
      [userId, miniAppId, key],
    );
    const breach = quotaBreach({ keys: usage.keys, bytes: usage.bytes, replacedBytes: usage.replaced }, bytes);
    if (breach) return breach;
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.storage_items (user_id, mini_app_id, key, value, bytes, updated_at) VALUES ($1, $2, $3, $4::jsonb, $5, $6)
       ON CONFLICT (user_id, mini_app_id, key) DO UPDATE SET value = excluded.value, bytes = excluded.bytes, updated_at = excluded.updated_at`,
      [userId, miniAppId, key, json, bytes, at],
    );
    return null;
  }

  async remove(userId: string, miniAppId: string, key: string): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `DELETE FROM runtime.storage_items WHERE user_id = $1 AND mini_app_id = $2 AND key = $3 RETURNING key`,
      [userId, miniAppId, key],
    );
    return rows.length > 0;
  }
}
