import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { SCOPES, type Scope } from '../../../shared/contracts/review';
import type { ConsentActivity } from '../../../shared/contracts/runtime';
import { UsageCounts } from '../application/ports/usage-counts';

const DAY = `to_char(launched_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`;

@Injectable()
export class SqlUsageCounts extends UsageCounts {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  dailyUsers(miniAppId: string, from: Date, to: Date): Promise<Map<string, number>> {
    return this.counts(
      `SELECT ${DAY} AS key, count(DISTINCT user_id)::int AS n FROM runtime.launches
        WHERE mini_app_id = $1 AND launched_at >= $2 AND launched_at < $3 GROUP BY 1`,
      [miniAppId, from, to],
    );
  }

  dailyLaunches(miniAppId: string, from: Date, to: Date, perPersonPerDay: number): Promise<Map<string, number>> {
    return this.counts(
      `SELECT key, sum(least(n, $4))::int AS n FROM (
         SELECT ${DAY} AS key, user_id, count(*) AS n FROM runtime.launches
          WHERE mini_app_id = $1 AND launched_at >= $2 AND launched_at < $3 GROUP BY 1, 2) AS per_person
        GROUP BY key`,
      [miniAppId, from, to, perPersonPerDay],
    );
  }

  decisions(miniAppId: string, action: 'granted' | 'denied', from: Date, to: Date): Promise<Map<string, number>> {
    return this.counts(
      `SELECT scope AS key, count(DISTINCT user_id)::int AS n FROM runtime.consent_records
        WHERE mini_app_id = $1 AND action = $2 AND at >= $3 AND at < $4 GROUP BY 1`,
      [miniAppId, action, from, to],
    );
  }

  async consentActivity(from: Date, to: Date): Promise<ConsentActivity> {
    const people = (action: string) =>
      this.counts(
        `SELECT scope AS key, count(DISTINCT user_id)::int AS n FROM runtime.consent_records
          WHERE action = $1 AND at >= $2 AND at < $3 GROUP BY 1`,
        [action, from, to],
      );
    // One after another: inside a unit of work they share its one connection.
    const grants = perScope(await people('granted'));
    const withdrawals = perScope(await people('withdrawn'));
    const accesses = perScope(
      await this.counts(
        `SELECT scope AS key, count(DISTINCT user_id)::int AS n FROM runtime.access_log
          WHERE scope <> 'network' AND outcome = 'allowed' AND at >= $1 AND at < $2 GROUP BY 1`,
        [from, to],
      ),
    );
    return { grants, withdrawals, accesses };
  }

  private async counts(sql: string, parameters: unknown[]): Promise<Map<string, number>> {
    const rows = await queryRows<{ key: string; n: number }>(this.unitOfWork, sql, parameters);
    return new Map(rows.map((row) => [row.key, row.n]));
  }
}

function perScope(counts: Map<string, number>): Record<Scope, number> {
  return Object.fromEntries(SCOPES.map((scope) => [scope, counts.get(scope) ?? 0])) as Record<Scope, number>;
}
