import { Injectable } from '@nestjs/common';
import { queryPrepared } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { RequestTallies, type TalliedRequest } from '../application/ports/request-tallies';

@Injectable()
export class SqlRequestTallies extends RequestTallies {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async count(kind: TalliedRequest, at: Date): Promise<void> {
    await queryPrepared(
      this.unitOfWork,
      `INSERT INTO privacy.request_tallies (month, kind, requests) VALUES (to_char($1::timestamptz AT TIME ZONE 'UTC', 'YYYY-MM'), $2, 1)
       ON CONFLICT (month, kind) DO UPDATE SET requests = privacy.request_tallies.requests + 1`,
      [at, kind],
    );
  }

  async inMonth(month: string): Promise<Record<TalliedRequest, number>> {
    const rows = await queryPrepared<{ kind: TalliedRequest; requests: number }>(
      this.unitOfWork,
      `SELECT kind, requests FROM privacy.request_tallies WHERE month = $1`,
      [month],
    );
    const tally = { export: 0, erasure: 0 };
    for (const row of rows) tally[row.kind] = row.requests;
    return tally;
  }
}
