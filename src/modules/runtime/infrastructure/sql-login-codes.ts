import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type IssuedCode, LoginCodes } from '../application/ports/login-codes';

@Injectable()
export class SqlLoginCodes extends LoginCodes {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async insert(c: IssuedCode): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.login_codes (code_hash, launch_id, mini_app_id, user_id, expires_at) VALUES ($1, $2, $3, $4, $5)`,
      [c.codeHash, c.launchId, c.miniAppId, c.userId, c.expiresAt],
    );
  }

  async redeem(codeHash: string, miniAppId: string, now: Date): Promise<{ userId: string } | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `UPDATE runtime.login_codes SET used_at = $3 WHERE code_hash = $1 AND mini_app_id = $2 AND used_at IS NULL AND expires_at > $3 RETURNING user_id`,
      [codeHash, miniAppId, now],
    );
    return row ? { userId: row.user_id } : null;
  }

  pruneExpiredBefore(before: Date, limit: number): Promise<number> {
    return deleteSome(this.unitOfWork, 'runtime.login_codes', 'expires_at < $1', [before], limit);
  }
}
