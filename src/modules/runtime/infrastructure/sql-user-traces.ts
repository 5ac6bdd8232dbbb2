import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { UserTraces } from '../application/ports/user-traces';

/** Login codes first: they name launches. */
const TABLES = ['storage_items', 'login_codes', 'access_log', 'launches'] as const;

@Injectable()
export class SqlUserTraces extends UserTraces {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async forgetInMiniApp(userId: string, miniAppId: string): Promise<void> {
    for (const table of TABLES)
      await queryRows(this.unitOfWork, `DELETE FROM runtime.${table} WHERE user_id = $1 AND mini_app_id = $2`, [
        userId,
        miniAppId,
      ]);
  }
}
