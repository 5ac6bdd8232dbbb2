import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ServerCredentials } from '../application/ports/server-credentials';
import type { StoredSecrets } from '../domain/server-secret';

@Injectable()
export class SqlServerCredentials extends ServerCredentials {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async find(miniAppId: string): Promise<StoredSecrets | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT secret_hash, previous_secret_hash, previous_valid_until FROM runtime.server_credentials WHERE mini_app_id = $1`,
      [miniAppId],
    );
    return row ? toSecrets(row) : null;
  }

  async rotate(miniAppId: string, secretHash: string, now: Date, previousValidUntil: Date): Promise<StoredSecrets> {
    const [row] = await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.server_credentials (mini_app_id, secret_hash, rotated_at) VALUES ($1, $2, $3)
       ON CONFLICT (mini_app_id) DO UPDATE SET previous_secret_hash = runtime.server_credentials.secret_hash, previous_valid_until = $4,
         secret_hash = excluded.secret_hash, rotated_at = excluded.rotated_at
       RETURNING secret_hash, previous_secret_hash, previous_valid_until`,
      [miniAppId, secretHash, now, previousValidUntil],
    );
    return toSecrets(row);
  }
}

function toSecrets(row: Record<string, any>): StoredSecrets {
  return {
    secretHash: row.secret_hash,
    previousSecretHash: row.previous_secret_hash,
    previousValidUntil: row.previous_valid_until,
  };
}
