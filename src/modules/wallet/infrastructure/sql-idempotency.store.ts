import { Injectable } from '@nestjs/common';
import { IdempotencyStore, type StoredResponse } from '../application/ports/idempotency-store';
import { WALLET_LOCK_CLASS } from './advisory-locks';
import { UnitOfWorkSql } from './unit-of-work-sql';

/**
 * The key is taken with a transaction-scoped advisory lock (its own class: a 32-bit hash of scope and key, so
 * two keys sharing a hash only make one wait with a 409) rather than an "in flight" row: the
 * request's own transaction holds it, so a crash releases it with everything else and a retry
 * finds either the stored response (committed together with the effect) or nothing at all.
 */
@Injectable()
export class SqlIdempotencyStore extends UnitOfWorkSql implements IdempotencyStore {
  async tryLock(scope: string, key: string): Promise<boolean> {
    const [row] = await this.query(`SELECT pg_try_advisory_xact_lock($1, hashtext($2 || ':' || $3)) AS taken`, [WALLET_LOCK_CLASS.idempotencyKey, scope, key]);
    return row.taken === true;
  }

  async find(scope: string, key: string): Promise<StoredResponse | null> {
    const [row] = await this.query(`SELECT fingerprint, status_code, body FROM wallet.idempotency_keys WHERE scope = $1 AND key = $2`, [scope, key]);
    return row ? { fingerprint: row.fingerprint, statusCode: row.status_code, body: row.body } : null;
  }

  async save(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.query(`INSERT INTO wallet.idempotency_keys (scope, key, fingerprint, status_code, body) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      scope,
      key,
      response.fingerprint,
      response.statusCode,
      JSON.stringify(response.body),
    ]);
  }

  async takeAll(keys: ReadonlyArray<{ scope: string; key: string }>): Promise<Array<{ taken: boolean; stored: StoredResponse | null }>> {
    const rows = await this.query(
      `SELECT pg_try_advisory_xact_lock($1, hashtext(i.scope || ':' || i.key)) AS taken, k.fingerprint, k.status_code, k.body
         FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS i(scope, key, n)
         LEFT JOIN wallet.idempotency_keys k ON k.scope = i.scope AND k.key = i.key
        ORDER BY i.n`,
      [WALLET_LOCK_CLASS.idempotencyKey, keys.map((k) => k.scope), keys.map((k) => k.key)],
    );
    return rows.map((row) => ({ taken: row.taken === true, stored: row.fingerprint === null ? null : { fingerprint: row.fingerprint, statusCode: row.status_code, body: row.body } }));
  }

  async saveAll(answers: ReadonlyArray<{ scope: string; key: string; response: StoredResponse }>): Promise<void> {
    if (!answers.length) return;
    await this.query(
      `INSERT INTO wallet.idempotency_keys (scope, key, fingerprint, status_code, body)
       SELECT * FROM unnest($1::text[], $2::text[], $3::char(64)[], $4::int[], $5::jsonb[])`,
      [
        answers.map((a) => a.scope),
        answers.map((a) => a.key),
        answers.map((a) => a.response.fingerprint),
        answers.map((a) => a.response.statusCode),
        answers.map((a) => JSON.stringify(a.response.body)),
      ],
    );
  }

  async pruneOlderThan(cutoff: Date): Promise<number> {
    const rows = await this.query(`DELETE FROM wallet.idempotency_keys WHERE created_at < $1 RETURNING 1`, [cutoff]);
    return rows.length;
  }
}
