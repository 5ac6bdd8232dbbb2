import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Profile, ProfileDirectory } from '../application/ports/profile-directory';

import { NOT_ERASED } from './erased-subjects';

@Injectable()
export class SqlProfileDirectory extends ProfileDirectory {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async upsert(userId: string, { displayName, avatarUrl }: Profile, updatedAt: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.user_profiles (user_id, display_name, avatar_url, updated_at)
       SELECT $1, $2, $3, $4 WHERE ${NOT_ERASED('$1::uuid')}
       ON CONFLICT (user_id) DO UPDATE SET display_name = excluded.display_name, avatar_url = excluded.avatar_url, updated_at = excluded.updated_at
       WHERE runtime.user_profiles.updated_at <= excluded.updated_at`,
      [userId, displayName, avatarUrl, updatedAt],
    );
  }

  async find(userId: string): Promise<Profile | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT display_name, avatar_url FROM runtime.user_profiles WHERE user_id = $1`,
      [userId],
    );
    return row ? { displayName: row.display_name, avatarUrl: row.avatar_url } : null;
  }
}
