import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { deleteSome } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import {
  type ReportDecision,
  type ReportPayment,
  type ReportRows,
  ReportStore,
} from '../application/ports/report-store';

/** True unless the user made the platform forget the mini-app at or after the time, or was erased ($3 user, $4 mini-app, $5 time by default). */
const notForgotten = (user = '$3::uuid', miniApp = '$4::uuid', at = '$5::timestamptz') =>
  `NOT EXISTS (SELECT 1 FROM privacy.report_forgotten f WHERE f.user_id = ${user} AND f.mini_app_id = ${miniApp} AND f.at >= ${at})
   AND NOT EXISTS (SELECT 1 FROM privacy.report_erased e WHERE e.user_id = ${user})`;

/** Accesses listed per mini-app, the latest first; the report counts the rest. */
export const ACCESSES_SHOWN = 100;

/** The report's tables keyed by the person. */
const REPORT_TABLES = [
  'report_consents',
  'report_consent_history',
  'report_accesses',
  'report_launches',
  'report_payments',
  'report_forgotten',
] as const;

@Injectable()
export class SqlReportStore extends ReportStore {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  private query<T = unknown>(sql: string, parameters: unknown[]): Promise<T[]> {
    return queryRows<T>(this.unitOfWork, sql, parameters);
  }

  async nameMiniApp(miniAppId: string, slug: string, name: string | null): Promise<void> {
    await this.query(
      `INSERT INTO privacy.report_mini_apps (mini_app_id, slug, name) VALUES ($1, $2, $3)
       ON CONFLICT (mini_app_id) DO UPDATE SET slug = EXCLUDED.slug, name = COALESCE(EXCLUDED.name, privacy.report_mini_apps.name)`,
      [miniAppId, slug, name],
    );
  }

  async decided(eventId: string, d: ReportDecision & { state: 'granted' | 'denied'; purpose: string }): Promise<void> {
    await this.history(eventId, d, d.state, d.purpose);
    await this.query(
      `INSERT INTO privacy.report_consents (user_id, mini_app_id, scope, state, purpose, decided_at)
       SELECT $3::uuid, $4::uuid, $6::text, $1::text, $2::text, $5::timestamptz WHERE ${notForgotten()}
       ON CONFLICT (user_id, mini_app_id, scope) DO UPDATE SET state = EXCLUDED.state, purpose = EXCLUDED.purpose, decided_at = EXCLUDED.decided_at
       WHERE privacy.report_consents.decided_at <= EXCLUDED.decided_at`,
      [d.state, d.purpose, d.userId, d.miniAppId, d.at, d.scope],
    );
  }

  async withdrawn(eventId: string, d: ReportDecision): Promise<void> {
    await this.history(eventId, d, 'withdrawn', null);
    await this.query(
      `DELETE FROM privacy.report_consents WHERE user_id = $1 AND mini_app_id = $2 AND scope = $3 AND decided_at <= $4`,
      [d.userId, d.miniAppId, d.scope, d.at],
    );
  }

  async expired(eventId: string, miniAppId: string, scopes: readonly string[], at: Date): Promise<void> {
    await this.query(
      `WITH lapsed AS (DELETE FROM privacy.report_consents WHERE mini_app_id = $2 AND scope = ANY($3::text[]) AND decided_at <= $4 RETURNING user_id, scope, purpose)
       INSERT INTO privacy.report_consent_history (event_id, user_id, mini_app_id, scope, action, purpose, at)
       SELECT $1::uuid, user_id, $2::uuid, scope, 'expired', purpose, $4::timestamptz FROM lapsed ON CONFLICT DO NOTHING`,
      [eventId, miniAppId, scopes, at],
    );
  }

  private async history(eventId: string, d: ReportDecision, action: string, purpose: string | null): Promise<void> {
    await this.query(
      `INSERT INTO privacy.report_consent_history (event_id, user_id, mini_app_id, scope, action, purpose, at)
       SELECT $1::uuid, $3::uuid, $4::uuid, $6::text, $2::text, $7::text, $5::timestamptz WHERE ${notForgotten()} ON CONFLICT DO NOTHING`,
      [eventId, action, d.userId, d.miniAppId, d.at, d.scope, purpose],
    );
  }

  async accessed(
    eventId: string,
    a: { userId: string; miniAppId: string; scope: string; domain: string | null; at: Date },
  ): Promise<void> {
    await this.query(
      `INSERT INTO privacy.report_accesses (event_id, user_id, mini_app_id, scope, domain, at)
       SELECT $1::uuid, $3::uuid, $4::uuid, $2::text, $6::text, $5::timestamptz WHERE ${notForgotten()} ON CONFLICT DO NOTHING`,
      [eventId, a.scope, a.userId, a.miniAppId, a.at, a.domain],
    );
  }

  async launched(l: { launchId: string; userId: string; miniAppId: string; at: Date }): Promise<void> {
    await this.query(
      `INSERT INTO privacy.report_launches (launch_id, user_id, mini_app_id, at)
       SELECT $1::uuid, $2::uuid, $3::uuid, $4::timestamptz WHERE ${notForgotten('$2::uuid', '$3::uuid', '$4::timestamptz')} ON CONFLICT DO NOTHING`,
      [l.launchId, l.userId, l.miniAppId, l.at],
    );
  }

  async paid(p: ReportPayment): Promise<void> {
    await this.query(
      `INSERT INTO privacy.report_payments (order_id, user_id, mini_app_id, amount, refunded_amount, currency, state, sequence, at)
       SELECT $1::uuid, $3::uuid, $4::uuid, $6::bigint, $7::bigint, $8::text, $9::text, $2::int, $5::timestamptz WHERE ${notForgotten()}
       ON CONFLICT (order_id) DO UPDATE SET refunded_amount = EXCLUDED.refunded_amount, state = EXCLUDED.state, sequence = EXCLUDED.sequence, at = EXCLUDED.at
       WHERE privacy.report_payments.sequence < EXCLUDED.sequence`,
      [p.orderId, p.sequence, p.userId, p.miniAppId, p.at, p.amount, p.refundedAmount, p.currency, p.state],
    );
  }

  async forgotten(userId: string, miniAppId: string, at: Date): Promise<void> {
    for (const [table, time] of [
      ['report_consents', 'decided_at'],
      ['report_consent_history', 'at'],
      ['report_accesses', 'at'],
      ['report_launches', 'at'],
      ['report_payments', 'at'],
    ])
      await this.query(`DELETE FROM privacy.${table} WHERE user_id = $1 AND mini_app_id = $2 AND ${time} <= $3`, [
        userId,
        miniAppId,
        at,
      ]);
    await this.query(
      `INSERT INTO privacy.report_forgotten (user_id, mini_app_id, at)
       SELECT $1::uuid, $2::uuid, $3::timestamptz WHERE NOT EXISTS (SELECT 1 FROM privacy.report_erased e WHERE e.user_id = $1::uuid)
       ON CONFLICT (user_id, mini_app_id) DO UPDATE SET at = GREATEST(privacy.report_forgotten.at, EXCLUDED.at)`,
      [userId, miniAppId, at],
    );
  }

  async rowsOf(userId: string): Promise<ReportRows> {
    const of = <T>(sql: string) => this.query<T>(sql, [userId]);
    const consents = await of<ReportRows['consents'][number]>(
      `SELECT mini_app_id AS "miniAppId", scope, state, purpose, decided_at AS "decidedAt" FROM privacy.report_consents WHERE user_id = $1 ORDER BY scope`,
    );
    const history = await of<ReportRows['history'][number]>(
      `SELECT mini_app_id AS "miniAppId", scope, action, purpose, at FROM privacy.report_consent_history WHERE user_id = $1 ORDER BY at DESC, scope`,
    );
    const accesses = await of<ReportRows['accesses'][number]>(
      // The latest ACCESSES_SHOWN per mini-app (a mini-app calling in a loop must not swell the report); the total comes apart.
      `SELECT "miniAppId", scope, at FROM (
         SELECT mini_app_id AS "miniAppId", scope, at, row_number() OVER (PARTITION BY mini_app_id ORDER BY at DESC) AS n
           FROM privacy.report_accesses WHERE user_id = $1 AND domain IS NULL) latest
        WHERE n <= ${ACCESSES_SHOWN} ORDER BY at DESC`,
    );
    const accessCounts = await of<ReportRows['accessCounts'][number]>(
      `SELECT mini_app_id AS "miniAppId", count(*)::int AS count FROM privacy.report_accesses
        WHERE user_id = $1 AND domain IS NULL GROUP BY mini_app_id`,
    );
    const domains = await of<ReportRows['domains'][number]>(
      `SELECT mini_app_id AS "miniAppId", domain, count(*)::int AS count, max(at) AS "lastAt" FROM privacy.report_accesses
       WHERE user_id = $1 AND domain IS NOT NULL GROUP BY mini_app_id, domain ORDER BY count(*) DESC, domain`,
    );
    const launches = await of<ReportRows['launches'][number]>(
      `SELECT mini_app_id AS "miniAppId", count(*)::int AS count, max(at) AS "lastAt" FROM privacy.report_launches WHERE user_id = $1 GROUP BY mini_app_id`,
    );
    const payments = (
      await of<Omit<ReportPayment, 'userId' | 'sequence'> & { amount: string; refundedAmount: string }>(
        `SELECT order_id AS "orderId", mini_app_id AS "miniAppId", amount, refunded_amount AS "refundedAmount", currency, state, at
         FROM privacy.report_payments WHERE user_id = $1 ORDER BY at DESC`,
      )
    ).map((p) => ({ ...p, amount: Number(p.amount), refundedAmount: Number(p.refundedAmount) }));
    const ids = [
      ...new Set([...consents, ...history, ...accesses, ...domains, ...launches, ...payments].map((r) => r.miniAppId)),
    ];
    const named = await this.query<{ miniAppId: string; slug: string; name: string | null }>(
      `SELECT mini_app_id AS "miniAppId", slug, name FROM privacy.report_mini_apps WHERE mini_app_id = ANY($1)`,
      [ids],
    );
    const miniApps = ids.map(
      (id) => named.find((m) => m.miniAppId === id) ?? { miniAppId: id, slug: null, name: null },
    );
    return { miniApps, consents, history, accesses, accessCounts, domains, launches, payments };
  }

  async erase(userId: string, at: Date): Promise<void> {
    for (const table of REPORT_TABLES) await this.query(`DELETE FROM privacy.${table} WHERE user_id = $1`, [userId]);
    await this.query(
      `INSERT INTO privacy.report_erased (user_id, erased_at) VALUES ($1, $2) ON CONFLICT (user_id) DO NOTHING`,
      [userId, at],
    );
  }

  async pruneUsageBefore(before: Date, limit: number): Promise<number> {
    let most = 0;
    for (const table of ['report_accesses', 'report_launches', 'report_forgotten'])
      most = Math.max(most, await deleteSome(this.unitOfWork, `privacy.${table}`, 'at < $1', [before], limit));
    return most;
  }
}
