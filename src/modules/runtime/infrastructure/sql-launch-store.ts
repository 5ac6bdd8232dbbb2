import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { Injectable } from '@nestjs/common';
import { queryPrepared, queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { LaunchStore } from '../application/ports/launch-store';
import type { Launch } from '../domain/launch';

@Injectable()
export class SqlLaunchStore extends LaunchStore {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async insert(l: Launch): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.launches (id, user_id, mini_app_id, version, bundle_digest, launched_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [l.id, l.userId, l.miniAppId, l.version, l.bundleDigest, l.launchedAt, l.expiresAt],
    );
  }

  async isFirstOfUser({ userId, launchedAt }: Launch): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.first_launches (user_id, launched_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING RETURNING user_id`,
      [userId, launchedAt],
    );
    return rows.length === 1;
  }

  async find(launchId: string, userId: string): Promise<Launch | null> {
    const [row] = await queryPrepared(
      this.unitOfWork,
      `SELECT id, user_id, mini_app_id, version, bundle_digest, launched_at, expires_at FROM runtime.launches WHERE id = $1 AND user_id = $2`,
      [launchId, userId],
    );
    return row
      ? {
          id: row.id,
          userId: row.user_id,
          miniAppId: row.mini_app_id,
          version: row.version,
          bundleDigest: row.bundle_digest,
          launchedAt: row.launched_at,
          expiresAt: row.expires_at,
        }
      : null;
  }

  async recordLoadTime(launchId: string, ms: number): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `UPDATE runtime.launches SET load_time_ms = $2 WHERE id = $1 AND load_time_ms IS NULL RETURNING id`,
      [launchId, ms],
    );
    return rows.length > 0;
  }

  pruneEndedBefore(before: Date, limit: number): Promise<number> {
    // A launch ends after it starts, so `launched_at < $1` (indexed) selects every launch that ended before $1, and a few more that `expires_at` leaves out.
    return deleteSome(this.unitOfWork, 'runtime.launches', 'launched_at < $1 AND expires_at < $1', [before], limit);
  }
}
