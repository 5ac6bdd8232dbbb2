import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { newId } from '../../../shared/kernel/ids';
import { type AccessEntry, AccessLog } from '../application/ports/access-log';

@Injectable()
export class SqlAccessLog extends AccessLog {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async record(e: AccessEntry): Promise<void> {
    const network = e.scope === 'network' ? e : null;
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.access_log (id, user_id, mini_app_id, launch_id, scope, outcome, domain, status, request_bytes, response_bytes, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        newId(),
        e.userId,
        e.miniAppId,
        e.launchId,
        e.scope,
        e.outcome,
        network?.domain ?? null,
        network?.status ?? null,
        network?.requestBytes ?? null,
        network?.responseBytes ?? null,
        e.at,
      ],
    );
  }

  pruneBefore(before: Date, limit: number): Promise<number> {
    return deleteSome(this.unitOfWork, 'runtime.access_log', 'at < $1', [before], limit);
  }
}
