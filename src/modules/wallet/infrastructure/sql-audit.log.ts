import { Injectable } from '@nestjs/common';
import { canonicalJson } from '../domain/canonical-json';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { AuditLog } from '../application/ports/audit-log';
import { type AuditFacts, type AuditRecord, GENESIS_HASH } from '../domain/audit-chain';

/** Any constant both sides agree on: the one lock that orders appends to the chain. */
const CHAIN_LOCK = 'wallet.audit-chain';

/**
 * Appends to the chain as the last write of the unit of work, under an advisory lock held to
 * commit: appends take turns only for that short tail, and each reads the previous hash after
 * taking the lock (a statement of its own, so its snapshot sees the last committed record).
 * PostgreSQL computes SHA-256(previous hash ‖ canonical JSON), exactly what the verifier does.
 */
@Injectable()
export class SqlAuditLog extends AuditLog {
  constructor(private readonly unitOfWork: UnitOfWork) {
    super();
  }

  append(facts: AuditFacts): void {
    const canonical = canonicalJson({ occurredAt: facts.occurredAt, actor: facts.actor, action: facts.action, subject: facts.subject, details: facts.details, requestId: facts.requestId });
    this.unitOfWork.beforeCommit(async () => {
      const manager = this.unitOfWork.manager;
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [CHAIN_LOCK]);
      await manager.query(
        `WITH previous AS (SELECT coalesce((SELECT hash FROM wallet.audit_log ORDER BY seq DESC LIMIT 1), $8) AS hash)
         INSERT INTO wallet.audit_log (occurred_at, actor, action, subject, details, request_id, previous_hash, hash)
         SELECT $1, $2, $3, $4, $5::jsonb, $6, previous.hash, encode(sha256(convert_to(previous.hash || $7, 'UTF8')), 'hex') FROM previous`,
        [facts.occurredAt, facts.actor, facts.action, facts.subject, JSON.stringify(facts.details), facts.requestId, canonical, GENESIS_HASH],
      );
    });
  }

  async page(afterSeq: string, limit: number): Promise<AuditRecord[]> {
    const rows = await this.unitOfWork.manager.query(
      `SELECT a.seq::text AS seq, a.occurred_at, a.actor, a.action, a.subject, a.details, a.request_id, a.previous_hash, a.hash
         FROM wallet.audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2` /* a.seq: ordering by the text alias would put 10 before 2 */,
      [afterSeq, limit],
    );
    return rows.map((row: Record<string, any>) => ({
      seq: row.seq,
      occurredAt: row.occurred_at,
      actor: row.actor,
      action: row.action,
      subject: row.subject,
      details: row.details,
      requestId: row.request_id,
      previousHash: row.previous_hash,
      hash: row.hash,
    }));
  }
}
