import { Inject, Injectable } from '@nestjs/common';
import { devKey } from '../../../platform/auth/dev-key-file';
import { parseSecretKey } from '../../../platform/auth/key-material';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { queryPrepared, queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { PairwiseIds } from '../application/ports/pairwise-ids';
import { pairwiseId } from '../domain/pairwise-id';

/**
 * Pairwise ids under RUNTIME_PAIRWISE_KEY (production must set it; development generates one into
 * DATA_DIR). Each id is kept once computed, so a later change of key would not change the ids
 * users already have (it would only make new ones differently).
 */
@Injectable()
export class SqlPairwiseIds extends PairwiseIds {
  private readonly key: Buffer;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    @Inject(APP_CONFIG) config: PlatformConfig,
  ) {
    super();
    this.key = parseSecretKey(config.RUNTIME_PAIRWISE_KEY ?? devKey(config.DATA_DIR, 'RUNTIME_PAIRWISE_KEY'));
  }

  async idFor(userId: string, miniAppId: string): Promise<string> {
    const [forgotten] = await queryPrepared<{ generation: number }>(
      this.unitOfWork,
      `SELECT generation FROM runtime.pairwise_generations WHERE user_id = $1 AND mini_app_id = $2`,
      [userId, miniAppId],
    );
    const [row] = await queryPrepared<{ openid: string }>(
      this.unitOfWork,
      // DO UPDATE (to the kept value) rather than DO NOTHING: it waits for a concurrent first launch's
      // insert and returns that row, which a read in the same statement would not see (its snapshot).
      `INSERT INTO runtime.pairwise_ids (mini_app_id, user_id, openid) VALUES ($1, $2, $3)
       ON CONFLICT (mini_app_id, user_id) DO UPDATE SET openid = runtime.pairwise_ids.openid RETURNING openid`,
      [miniAppId, userId, pairwiseId(this.key, miniAppId, userId, forgotten?.generation ?? 0)],
    );
    return row.openid;
  }

  async userOf(miniAppId: string, openid: string): Promise<string | null> {
    const [row] = await queryPrepared<{ user_id: string }>(
      this.unitOfWork,
      `SELECT user_id FROM runtime.pairwise_ids WHERE mini_app_id = $1 AND openid = $2`,
      [miniAppId, openid],
    );
    return row?.user_id ?? null;
  }

  async forget(userId: string, miniAppId: string): Promise<string | null> {
    const [row] = await queryRows<{ openid: string }>(
      this.unitOfWork,
      `DELETE FROM runtime.pairwise_ids WHERE mini_app_id = $1 AND user_id = $2 RETURNING openid`,
      [miniAppId, userId],
    );
    // Only an id that existed moves to a new generation: forgetting a mini-app never opened leaves no trace.
    if (!row) return null;
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.pairwise_generations (user_id, mini_app_id, generation) VALUES ($1, $2, 1)
       ON CONFLICT (user_id, mini_app_id) DO UPDATE SET generation = runtime.pairwise_generations.generation + 1`,
      [userId, miniAppId],
    );
    return row.openid;
  }
}
