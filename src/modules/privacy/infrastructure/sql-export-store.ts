import { promisify } from 'node:util';
import { gunzip as gunzipCallback, gzip as gzipCallback } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import { AutonomousWrites } from '../../../platform/database/autonomous-writes';
import { queryRows } from '../../../platform/database/query-rows';
import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { ExportStore } from '../application/ports/export-store';
import type { PersonalDataExport } from '../domain/personal-data-export';

const gzip = promisify(gzipCallback);
const gunzip = promisify(gunzipCallback);

const COLUMNS = `id, user_id, status, requested_at, completed_at, archive_bytes`;

interface ExportRow {
  id: string;
  user_id: string;
  status: PersonalDataExport['status'];
  requested_at: Date | string;
  completed_at: Date | string | null;
  archive_bytes: number | null;
}

/** Archives are kept gzipped (JSON compresses about tenfold) and handed out as their JSON text. */
@Injectable()
export class SqlExportStore extends ExportStore {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly autonomous: AutonomousWrites,
  ) {
    super();
  }

  async open(
    exported: Pick<PersonalDataExport, 'id' | 'userId' | 'requestedAt'>,
  ): Promise<{ exported: PersonalDataExport; created: boolean }> {
    const [inserted] = await queryRows<ExportRow>(
      this.unitOfWork,
      `INSERT INTO privacy.exports (id, user_id, status, requested_at) VALUES ($1, $2, 'pending', $3)
       ON CONFLICT (user_id) WHERE status = 'pending' DO NOTHING RETURNING ${COLUMNS}`,
      [exported.id, exported.userId, exported.requestedAt],
    );
    if (inserted) return { exported: toExport(inserted), created: true };
    const pending = await this.findPending(exported.userId);
    if (!pending) throw new Error('an export was pending a moment ago and is gone: the ask should be retried');
    return { exported: pending, created: false };
  }

  async findPending(userId: string): Promise<PersonalDataExport | null> {
    const [row] = await queryRows<ExportRow>(
      this.unitOfWork,
      `SELECT ${COLUMNS} FROM privacy.exports WHERE user_id = $1 AND status = 'pending'`,
      [userId],
    );
    return row ? toExport(row) : null;
  }

  async askedSince(userId: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const [row] = await queryRows<{ count: number; oldest: Date | string | null }>(
      this.unitOfWork,
      `SELECT count(*)::int AS count, min(requested_at) AS oldest FROM privacy.exports WHERE user_id = $1 AND requested_at > $2`,
      [userId, since],
    );
    return { count: row.count, oldest: row.oldest === null ? null : new Date(row.oldest) };
  }

  async listOf(userId: string): Promise<PersonalDataExport[]> {
    const rows = await queryRows<ExportRow>(
      this.unitOfWork,
      `SELECT ${COLUMNS} FROM privacy.exports WHERE user_id = $1 ORDER BY requested_at DESC, id DESC`,
      [userId],
    );
    return rows.map(toExport);
  }

  async find(userId: string, exportId: string): Promise<PersonalDataExport | null> {
    const [row] = await queryRows<ExportRow>(
      this.unitOfWork,
      `SELECT ${COLUMNS} FROM privacy.exports WHERE id = $1 AND user_id = $2`,
      [exportId, userId],
    );
    return row ? toExport(row) : null;
  }

  async archive(userId: string, exportId: string): Promise<Buffer | null> {
    const [row] = await queryRows<{ archive: Buffer }>(
      this.unitOfWork,
      `SELECT archive FROM privacy.exports WHERE id = $1 AND user_id = $2 AND status = 'ready'`,
      [exportId, userId],
    );
    return row ? gunzip(row.archive) : null;
  }

  async isPending(exportId: string): Promise<boolean> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT 1 FROM privacy.exports WHERE id = $1 AND status = 'pending'`,
      [exportId],
    );
    return rows.length > 0;
  }

  async countFailure(exportId: string): Promise<number> {
    const [row] = await this.autonomous.query<{ failed_attempts: number }>(
      `UPDATE privacy.exports SET failed_attempts = failed_attempts + 1 WHERE id = $1 RETURNING failed_attempts`,
      [exportId],
    );
    // Deleted meanwhile (its retention, an erasure): nothing is left to retry.
    return row?.failed_attempts ?? Infinity;
  }

  async markReady(exportId: string, archiveJson: Buffer, at: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `UPDATE privacy.exports SET status = 'ready', archive = $2, archive_bytes = $3, completed_at = $4
        WHERE id = $1 AND status = 'pending'`,
      [exportId, await gzip(archiveJson), archiveJson.length, at],
    );
  }

  async markFailed(exportId: string, at: Date): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `UPDATE privacy.exports SET status = 'failed', completed_at = $2 WHERE id = $1 AND status = 'pending'`,
      [exportId, at],
    );
  }

  async deleteAllOf(userId: string): Promise<void> {
    await queryRows(this.unitOfWork, `DELETE FROM privacy.exports WHERE user_id = $1`, [userId]);
  }

  pruneKeptSince(cutoff: Date, limit: number): Promise<number> {
    return deleteSome(this.unitOfWork, 'privacy.exports', 'coalesce(completed_at, requested_at) < $1', [cutoff], limit);
  }
}

function toExport(row: ExportRow): PersonalDataExport {
  return {
    id: row.id,
    userId: row.user_id,
    status: row.status,
    requestedAt: new Date(row.requested_at),
    completedAt: row.completed_at === null ? null : new Date(row.completed_at),
    archiveBytes: row.archive_bytes,
  };
}
