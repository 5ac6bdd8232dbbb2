import { deleteSome } from '../database/sweep-in-batches';
import { queryPrepared } from '../database/query-rows';
import type { UnitOfWork } from '../database/unit-of-work';

/** A request under its key: who owns the key (`scope`), the key, and what makes two requests the same one. */
export interface Claim {
  scope: string;
  key: string;
  fingerprint: string;
}

/** The answer a key keeps and replays: status, the headers that belong to it, and the body's exact bytes. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface StoredAnswer {
  fingerprint: string;
  answer: Answer;
}

/** Kept answers under their keys; every call joins the current unit of work. */
export abstract class IdempotencyStore {
  /**
   * Takes each key for this transaction (false: a request with it still runs) and reads its kept
   * answer, in one statement, in order. Answers are read as of the statement's start: one committed
   * in between is caught by `saveAll`, which then fails on the key's uniqueness.
   */
  abstract takeAll(
    keys: ReadonlyArray<{ scope: string; key: string }>,
  ): Promise<Array<{ taken: boolean; stored: StoredAnswer | null }>>;
  abstract saveAll(kept: ReadonlyArray<{ claim: Claim; answer: Answer }>): Promise<void>;
  abstract pruneOlderThan(cutoff: Date, limit: number): Promise<number>;
  /** Deletes the kept answers of every scope that ends with this id (`user:<id>`, `payment:<sender>:<id>`). */
  abstract forgetScopesOf(id: string): Promise<void>;
}

/**
 * A module's table of kept answers: `(scope text, key text, fingerprint char(64), status_code
 * integer, response_headers jsonb, response_body bytea, created_at timestamptz)`, primary key
 * (scope, key). The body is kept as bytes, not as jsonb, so that a replay is the first answer
 * byte for byte (jsonb reorders keys and drops formatting).
 *
 * A key is taken with a transaction-scoped advisory lock (the module's own class: a 32-bit hash of
 * scope and key, so two keys sharing a hash only make one wait with a 409) rather than an
 * "in flight" row: the request's own transaction holds it, so a crash releases it with everything
 * else and a retry finds either the kept answer (committed with the effect) or nothing at all.
 */
export class SqlIdempotencyStore extends IdempotencyStore {
  private readonly takeSql: string;
  private readonly saveSql: string;
  private readonly table: string;
  private readonly forgetSql: string;

  constructor(
    private readonly unitOfWork: UnitOfWork,
    table: string,
    private readonly lockClass: number,
  ) {
    super();
    this.takeSql = `SELECT pg_try_advisory_xact_lock($1, hashtext(i.scope || ':' || i.key)) AS taken, k.fingerprint, k.status_code, k.response_headers, k.response_body
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(scope, key, n)
         LEFT JOIN ${table} k ON k.scope = i.scope AND k.key = i.key
        ORDER BY i.n`;
    this.saveSql = `INSERT INTO ${table} (scope, key, fingerprint, status_code, response_headers, response_body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::char(64)[], $4::int[], $5::jsonb[], $6::bytea[])`;
    this.table = table;
    this.forgetSql = `DELETE FROM ${table} WHERE right(scope, length($1) + 1) = ':' || $1`;
  }

  async takeAll(
    keys: ReadonlyArray<{ scope: string; key: string }>,
  ): Promise<Array<{ taken: boolean; stored: StoredAnswer | null }>> {
    const rows = await queryPrepared(this.unitOfWork, this.takeSql, [
      this.lockClass,
      keys.map((k) => k.scope),
      keys.map((k) => k.key),
    ]);
    return rows.map((row) => ({
      taken: row.taken === true,
      stored:
        row.fingerprint === null
          ? null
          : {
              fingerprint: row.fingerprint,
              answer: { status: row.status_code, headers: row.response_headers, body: row.response_body },
            },
    }));
  }

  async saveAll(kept: ReadonlyArray<{ claim: Claim; answer: Answer }>): Promise<void> {
    if (!kept.length) return;
    await queryPrepared(this.unitOfWork, this.saveSql, [
      kept.map((k) => k.claim.scope),
      kept.map((k) => k.claim.key),
      kept.map((k) => k.claim.fingerprint),
      kept.map((k) => k.answer.status),
      kept.map((k) => JSON.stringify(k.answer.headers)),
      kept.map((k) => k.answer.body),
    ]);
  }

  pruneOlderThan(cutoff: Date, limit: number): Promise<number> {
    return deleteSome(this.unitOfWork, this.table, 'created_at < $1', [cutoff], limit);
  }

  async forgetScopesOf(id: string): Promise<void> {
    await queryPrepared(this.unitOfWork, this.forgetSql, [id]);
  }
}
