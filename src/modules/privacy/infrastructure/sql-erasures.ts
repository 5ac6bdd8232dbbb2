import { Injectable } from '@nestjs/common';
import { queryPrepared } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { type Erasure, Erasures } from '../application/ports/erasures';

@Injectable()
export class SqlErasures extends Erasures {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async insert(erasure: {
    id: string;
    userId: string;
    requestedAt: Date;
    modules: readonly string[];
  }): Promise<boolean> {
    const inserted = await this.sql(
      `INSERT INTO privacy.erasures (id, user_id, requested_at) VALUES ($1, $2, $3)
       ON CONFLICT (user_id) WHERE completed_at IS NULL DO NOTHING RETURNING id`,
      [erasure.id, erasure.userId, erasure.requestedAt],
    );
    if (!inserted.length) return false;
    await this.sql(`INSERT INTO privacy.erasure_steps (erasure_id, module) SELECT $1, unnest($2::text[])`, [
      erasure.id,
      [...erasure.modules],
    ]);
    return true;
  }

  async openFor(userId: string): Promise<Erasure | null> {
    const [row] = await this.sql<{ id: string }>(
      `SELECT id FROM privacy.erasures WHERE user_id = $1 AND completed_at IS NULL`,
      [userId],
    );
    return row ? this.find(row.id) : null;
  }

  async find(id: string): Promise<Erasure | null> {
    const rows = await this.sql<{
      requested_at: Date;
      completed_at: Date | null;
      module: string;
      erased_at: Date | null;
    }>(
      `SELECT e.requested_at, e.completed_at, s.module, s.erased_at
         FROM privacy.erasures e JOIN privacy.erasure_steps s ON s.erasure_id = e.id
        WHERE e.id = $1 ORDER BY s.module`,
      [id],
    );
    if (!rows.length) return null;
    return {
      id,
      requestedAt: rows[0].requested_at,
      completedAt: rows[0].completed_at,
      steps: rows.map((row) => ({ module: row.module, erasedAt: row.erased_at })),
    };
  }

  async confirm(id: string, module: string, at: Date): Promise<{ erasure: Erasure; completedNow: boolean } | null> {
    // The erasure's row is locked first, so that two modules confirming at once see each other's step.
    const [locked] = await this.sql(`SELECT 1 FROM privacy.erasures WHERE id = $1 FOR UPDATE`, [id]);
    if (!locked) return null;
    await this.sql(
      `UPDATE privacy.erasure_steps SET erased_at = $3 WHERE erasure_id = $1 AND module = $2 AND erased_at IS NULL`,
      [id, module, at],
    );
    const completed = await this.sql(
      `UPDATE privacy.erasures e SET completed_at = $2, user_id = NULL
        WHERE e.id = $1 AND e.completed_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM privacy.erasure_steps s WHERE s.erasure_id = e.id AND s.erased_at IS NULL)
        RETURNING 1`,
      [id, at],
    );
    return { erasure: (await this.find(id))!, completedNow: completed.length === 1 };
  }

  private sql<T = Record<string, unknown>>(text: string, parameters: unknown[]): Promise<T[]> {
    return queryPrepared<T>(this.unitOfWork, text, parameters);
  }
}
