import { Injectable } from '@nestjs/common';
import { AutonomousWrites } from '../../../platform/database/autonomous-writes';
import { queryRows } from '../../../platform/database/query-rows';
import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Notice, NoticeLog, type NoticeOutcome, type NoticeStatus } from '../application/ports/notice-log';

interface NoticeRow {
  id: string;
  mini_app_id: string;
  openid: string;
  kind: Notice['kind'];
  occurred_at: Date;
  status: NoticeStatus;
  attempts: number;
  last_outcome: NoticeOutcome | null;
  last_status: number | null;
  created_at: Date;
  settled_at: Date | null;
}

@Injectable()
export class SqlNoticeLog extends NoticeLog {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly autonomous: AutonomousWrites,
  ) {
    super();
  }

  async endpointOf(miniAppId: string): Promise<{ url: string; updatedAt: Date } | null> {
    const [row] = await queryRows<{ url: string; updated_at: Date }>(
      this.unitOfWork,
      `SELECT url, updated_at FROM runtime.notice_endpoints WHERE mini_app_id = $1`,
      [miniAppId],
    );
    return row ? { url: row.url, updatedAt: row.updated_at } : null;
  }

  async setEndpoint(miniAppId: string, url: string, at: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.notice_endpoints (mini_app_id, url, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (mini_app_id) DO UPDATE SET url = EXCLUDED.url, updated_at = EXCLUDED.updated_at`,
      [miniAppId, url, at],
    );
  }

  async removeEndpoint(miniAppId: string): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `DELETE FROM runtime.notice_endpoints WHERE mini_app_id = $1 RETURNING mini_app_id`,
      [miniAppId],
    );
    return rows.length > 0;
  }

  async insert(n: Omit<Notice, 'attempts' | 'lastOutcome' | 'lastStatus'>): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.notices (id, mini_app_id, openid, kind, occurred_at, status, last_outcome, created_at, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        n.id,
        n.miniAppId,
        n.openid,
        n.kind,
        n.occurredAt,
        n.status,
        n.status === 'no-endpoint' ? 'no-endpoint' : null,
        n.createdAt,
        n.settledAt,
      ],
    );
  }

  async byId(id: string): Promise<Notice | null> {
    const [row] = await queryRows<NoticeRow>(this.unitOfWork, `SELECT * FROM runtime.notices WHERE id = $1`, [id]);
    return row
      ? {
          id: row.id,
          miniAppId: row.mini_app_id,
          openid: row.openid,
          kind: row.kind,
          occurredAt: row.occurred_at,
          status: row.status,
          attempts: row.attempts,
          lastOutcome: row.last_outcome,
          lastStatus: row.last_status,
          createdAt: row.created_at,
          settledAt: row.settled_at,
        }
      : null;
  }

  async recordAttempt(
    id: string,
    attempt: { outcome: NoticeOutcome; status: number | null; at: Date },
    settle: Exclude<NoticeStatus, 'pending'> | null,
  ): Promise<void> {
    await this.autonomous.query(
      `UPDATE runtime.notices SET attempts = attempts + 1, last_outcome = $2, last_status = $3,
         status = COALESCE($4, status), settled_at = CASE WHEN $4::text IS NULL THEN settled_at ELSE $5 END
       WHERE id = $1`,
      [id, attempt.outcome, attempt.status, settle, attempt.at],
    );
  }

  pruneSettledBefore(before: Date, abandonedBefore: Date, limit: number): Promise<number> {
    return deleteSome(
      this.unitOfWork,
      'runtime.notices',
      `settled_at < $1 OR (status = 'pending' AND created_at < $2)`,
      [before, abandonedBefore],
      limit,
    );
  }
}
