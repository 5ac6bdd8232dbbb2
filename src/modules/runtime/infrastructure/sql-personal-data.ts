import { Injectable } from '@nestjs/common';
import { queryPrepared } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { RuntimePersonalData } from '../application/ports/personal-data';

/** Tables keyed by the person, children first. Contacts are keyed by wallet account, found through wallet_accounts. */
const BY_USER = [
  'storage_items',
  'login_codes',
  'access_log',
  'consent_records',
  'consents',
  'launches',
  'first_launches',
  'pairwise_generations',
  'user_profiles',
] as const;

@Injectable()
export class SqlRuntimePersonalData extends RuntimePersonalData {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async erase(userId: string, at: Date): Promise<Array<{ miniAppId: string; openid: string }>> {
    // Tombstones first, for the person and their accounts: an event that lags behind this erasure finds them.
    await this.sql(
      `INSERT INTO runtime.erased_subjects (id, erased_at)
       SELECT $1::uuid, $2::timestamptz UNION SELECT account_id, $2::timestamptz FROM runtime.wallet_accounts WHERE user_id = $1
       ON CONFLICT (id) DO NOTHING`,
      [userId, at],
    );
    for (const table of BY_USER) await this.sql(`DELETE FROM runtime.${table} WHERE user_id = $1`, [userId]);
    await this.sql(
      `DELETE FROM runtime.counterparties
        WHERE account_id IN (SELECT account_id FROM runtime.wallet_accounts WHERE user_id = $1)
           OR counterparty_account_id IN (SELECT account_id FROM runtime.wallet_accounts WHERE user_id = $1)`,
      [userId],
    );
    await this.sql(`DELETE FROM runtime.wallet_accounts WHERE user_id = $1`, [userId]);
    const rows = await this.sql<{ mini_app_id: string; openid: string }>(
      `DELETE FROM runtime.pairwise_ids WHERE user_id = $1 RETURNING mini_app_id, openid`,
      [userId],
    );
    return rows.map((row) => ({ miniAppId: row.mini_app_id, openid: row.openid }));
  }

  private sql<T = unknown>(text: string, parameters: unknown[]): Promise<T[]> {
    return queryPrepared<T>(this.unitOfWork, text, parameters);
  }
}
