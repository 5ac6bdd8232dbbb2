import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AggregateReleases, type StoredRelease } from '../application/ports/aggregate-releases';

@Injectable()
export class SqlAggregateReleases extends AggregateReleases {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async find(subject: string, query: string): Promise<StoredRelease | null> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT subject, query, "values", k, epsilon_milli, scale, released_at FROM privacy.releases WHERE subject = $1 AND query = $2`,
      [subject, query],
    );
    return row
      ? {
          subject: row.subject,
          query: row.query,
          values: row.values,
          k: row.k,
          epsilon: row.epsilon_milli,
          scale: row.scale,
          releasedAt: new Date(row.released_at),
        }
      : null;
  }

  async spentHeld(subject: string, period: string): Promise<number> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO privacy.budgets (subject, period, spent_milli) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING`,
      [subject, period],
    );
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT spent_milli FROM privacy.budgets WHERE subject = $1 AND period = $2 FOR UPDATE`,
      [subject, period],
    );
    return row.spent_milli;
  }

  async spent(subject: string, period: string): Promise<number> {
    const [row] = await queryRows(
      this.unitOfWork,
      `SELECT spent_milli FROM privacy.budgets WHERE subject = $1 AND period = $2`,
      [subject, period],
    );
    return row?.spent_milli ?? 0;
  }

  async save(release: StoredRelease, period: string): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO privacy.releases (subject, query, "values", k, epsilon_milli, scale, released_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        release.subject,
        release.query,
        JSON.stringify(release.values),
        release.k,
        release.epsilon,
        release.scale,
        release.releasedAt,
      ],
    );
    await queryRows(
      this.unitOfWork,
      `UPDATE privacy.budgets SET spent_milli = spent_milli + $3 WHERE subject = $1 AND period = $2`,
      [release.subject, period, release.epsilon],
    );
  }
}
