import { Injectable } from '@nestjs/common';
import { AuditLog, type ChainLink } from '../application/ports/audit-log';
import type { AuditFacts, AuditRecord, ChainedRecord } from '../domain/audit-chain';
import { WALLET_LOCK_CLASS } from './advisory-locks';
import { UnitOfWorkSql } from './unit-of-work-sql';

const AUDIT_RECORDS = Symbol('wallet audit records');

/** Columns are cast to text under their own names, so every ORDER BY here names the table's column (`a.seq`), never the text alias. */
const FACTS = `a.seq::text AS seq, a.occurred_at, a.actor, a.action, a.subject, a.details, a.request_id`;

@Injectable()
export class SqlAuditLog extends UnitOfWorkSql implements AuditLog {
  append(facts: AuditFacts): void {
    this.unitOfWork.beforeCommitBatch(AUDIT_RECORDS, facts, (all) => this.insert(all));
  }

  /** One statement for all of a unit of work's records, in the order they were appended. */
  private async insert(records: readonly AuditFacts[]): Promise<void> {
    await this.query(
      `INSERT INTO wallet.audit_log (occurred_at, actor, action, subject, details, request_id)
       SELECT occurred_at, actor, action, subject, details, request_id
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[]) WITH ORDINALITY AS r(occurred_at, actor, action, subject, details, request_id, n)
        ORDER BY n`,
      [
        records.map((r) => r.occurredAt),
        records.map((r) => r.actor),
        records.map((r) => r.action),
        records.map((r) => r.subject),
        records.map((r) => JSON.stringify(r.details)),
        records.map((r) => r.requestId),
      ],
    );
  }

  async chain(afterPosition: string, limit: number): Promise<Array<ChainedRecord & { sealedAt: Date }>> {
    const rows = await this.query(
      // LEFT JOIN: a link whose record was deleted still comes back, to be reported.
      `SELECT c.position::text AS position, c.previous_hash, c.hash, c.seq::text AS linked_seq, c.sealed_at, a.seq IS NOT NULL AS present, ${FACTS}
         FROM wallet.audit_chain c LEFT JOIN wallet.audit_log a ON a.seq = c.seq
        WHERE c.position > $1 ORDER BY c.position LIMIT $2`,
      [afterPosition, limit],
    );
    return rows.map((row) => ({
      ...toRecord(row),
      seq: row.linked_seq,
      position: row.position,
      previousHash: row.previous_hash,
      hash: row.hash,
      sealedAt: row.sealed_at,
      recordPresent: row.present,
    }));
  }

  async tryLockChain(): Promise<boolean> {
    const [row] = await this.query(`SELECT pg_try_advisory_xact_lock($1, 0) AS taken`, [WALLET_LOCK_CLASS.auditChain]);
    return row.taken === true;
  }

  async lastLink(): Promise<ChainLink | null> {
    const [row] = await this.query(
      `SELECT c.position::text AS position, c.seq::text AS seq, c.previous_hash, c.hash FROM wallet.audit_chain c ORDER BY c.position DESC LIMIT 1`,
    );
    return row ? { position: row.position, seq: row.seq, previousHash: row.previous_hash, hash: row.hash } : null;
  }

  async unsealed(afterSeq: string | null, limit: number): Promise<AuditRecord[]> {
    const rows = await this.query(
      `SELECT ${FACTS} FROM wallet.audit_log a
        WHERE ($1::bigint IS NULL OR a.seq > $1) AND NOT EXISTS (SELECT 1 FROM wallet.audit_chain c WHERE c.seq = a.seq)
        ORDER BY a.seq LIMIT $2`,
      [afterSeq, limit],
    );
    return rows.map(toRecord);
  }

  async link(links: readonly ChainLink[]): Promise<void> {
    if (!links.length) return;
    await this.query(
      `INSERT INTO wallet.audit_chain (position, seq, previous_hash, hash) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::char(64)[], $4::char(64)[])`,
      [
        links.map((l) => l.position),
        links.map((l) => l.seq),
        links.map((l) => l.previousHash),
        links.map((l) => l.hash),
      ],
    );
  }

  async unsealedBefore(cutoff: Date, limit: number): Promise<string[]> {
    const rows = await this.query(
      `SELECT a.seq::text AS seq FROM wallet.audit_log a WHERE a.occurred_at < $1 AND NOT EXISTS (SELECT 1 FROM wallet.audit_chain c WHERE c.seq = a.seq) ORDER BY a.seq LIMIT $2`,
      [cutoff.toISOString(), limit],
    );
    return rows.map((row) => row.seq);
  }
}

function toRecord(row: Record<string, any>): AuditRecord {
  return {
    seq: row.seq,
    occurredAt: row.occurred_at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    details: row.details,
    requestId: row.request_id,
  };
}
