import { Injectable } from '@nestjs/common';
import { queryRows } from '../../../platform/database/query-rows';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import type { Scope } from '../../../shared/contracts/review';
import { newId } from '../../../shared/kernel/ids';
import { type ConsentRecord, ConsentLedger } from '../application/ports/consent-ledger';
import type { ConsentDecision } from '../domain/consent';
import type { Permission } from '../domain/live-mini-app';

const DECISION = `scope, state, purpose, manifest_version, decided_at`;

@Injectable()
export class SqlConsentLedger extends ConsentLedger {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  async takeTurn(userId: string, miniAppId: string, scope: Scope): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `SELECT pg_advisory_xact_lock(hashtextextended('runtime.consent:' || $1 || ':' || $2 || ':' || $3, 0))`,
      [userId, miniAppId, scope],
    );
  }

  async decisions(userId: string, miniAppId: string): Promise<ConsentDecision[]> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT ${DECISION} FROM runtime.consents WHERE user_id = $1 AND mini_app_id = $2 ORDER BY scope`,
      [userId, miniAppId],
    );
    return rows.map(toDecision);
  }

  async decisionsOf(
    userId: string,
    { offset, limit }: { offset: number; limit: number },
  ): Promise<Array<ConsentDecision & { slug: string }>> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT m.slug, c.scope, c.state, c.purpose, c.manifest_version, c.decided_at FROM runtime.consents c JOIN runtime.mini_apps m USING (mini_app_id)
        WHERE c.user_id = $1 ORDER BY m.slug, c.scope OFFSET $2 LIMIT $3`,
      [userId, offset, limit],
    );
    return rows.map((row) => ({ slug: row.slug, ...toDecision(row) }));
  }

  async history(userId: string, miniAppId: string): Promise<ConsentRecord[]> {
    const rows = await queryRows(
      this.unitOfWork,
      `SELECT scope, action, purpose, manifest_version, at FROM runtime.consent_records WHERE user_id = $1 AND mini_app_id = $2 ORDER BY at, id`,
      [userId, miniAppId],
    );
    return rows.map((row) => ({
      scope: row.scope,
      action: row.action,
      purpose: row.purpose,
      manifestVersion: row.manifest_version,
      at: row.at,
    }));
  }

  async decide(userId: string, miniAppId: string, d: ConsentDecision): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.consents (user_id, mini_app_id, scope, state, purpose, manifest_version, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, mini_app_id, scope) DO UPDATE SET state = excluded.state, purpose = excluded.purpose, manifest_version = excluded.manifest_version, decided_at = excluded.decided_at`,
      [userId, miniAppId, d.scope, d.state, d.purpose, d.manifestVersion, d.decidedAt],
    );
    await this.record(userId, miniAppId, {
      scope: d.scope,
      action: d.state,
      purpose: d.purpose,
      manifestVersion: d.manifestVersion,
      at: d.decidedAt,
    });
  }

  async withdraw(
    userId: string,
    miniAppId: string,
    scope: Scope,
    at: Date,
  ): Promise<Pick<ConsentDecision, 'scope' | 'purpose' | 'manifestVersion'> | null> {
    const [removed] = await queryRows(
      this.unitOfWork,
      `DELETE FROM runtime.consents WHERE user_id = $1 AND mini_app_id = $2 AND scope = $3 RETURNING scope, purpose, manifest_version`,
      [userId, miniAppId, scope],
    );
    if (!removed) return null;
    await this.record(userId, miniAppId, {
      scope,
      action: 'withdrawn',
      purpose: removed.purpose,
      manifestVersion: removed.manifest_version,
      at,
    });
    return { scope, purpose: removed.purpose, manifestVersion: removed.manifest_version };
  }

  async expireOutdated(
    miniAppId: string,
    live: { version: string; permissions: Permission[] },
    at: Date,
  ): Promise<Scope[]> {
    const rows = await queryRows(
      this.unitOfWork,
      `WITH live AS (SELECT scope, purpose FROM jsonb_to_recordset($2::jsonb) AS p(scope text, purpose text)),
       lapsed AS (
         DELETE FROM runtime.consents c WHERE c.mini_app_id = $1 AND NOT EXISTS (SELECT 1 FROM live WHERE live.scope = c.scope AND live.purpose = c.purpose)
         RETURNING c.user_id, c.scope, c.purpose
       ),
       recorded AS (
         INSERT INTO runtime.consent_records (id, user_id, mini_app_id, scope, action, purpose, manifest_version, at)
         SELECT gen_random_uuid(), user_id, $1, scope, 'expired', purpose, $3, $4 FROM lapsed RETURNING scope
       )
       SELECT DISTINCT scope FROM recorded ORDER BY scope`,
      [miniAppId, JSON.stringify(live.permissions), live.version, at],
    );
    return rows.map((row) => row.scope);
  }

  private async record(userId: string, miniAppId: string, r: ConsentRecord): Promise<void> {
    await queryRows(
      this.unitOfWork,
      `INSERT INTO runtime.consent_records (id, user_id, mini_app_id, scope, action, purpose, manifest_version, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [newId(), userId, miniAppId, r.scope, r.action, r.purpose, r.manifestVersion, r.at],
    );
  }
}

function toDecision(row: Record<string, any>): ConsentDecision {
  return {
    scope: row.scope,
    state: row.state,
    purpose: row.purpose,
    manifestVersion: row.manifest_version,
    decidedAt: row.decided_at,
  };
}
