import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../shared/kernel/canonical-json';

/** Who did what to which money, when, under which request: one record per money movement. */
export interface AuditFacts {
  occurredAt: string;
  /** `user:<id>`, `module:<name>` or `system:<job>`. */
  actor: string;
  action: string;
  /** The transfer, hold or instrument concerned. */
  subject: string;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditRecord extends AuditFacts {
  seq: string;
}

/** A record with its link: its place in the chain and the hashes that tie it to the one before. */
export interface ChainedRecord extends AuditRecord {
  position: string;
  previousHash: string;
  hash: string;
  /** False when the link is there but its record was deleted from the log. */
  recordPresent: boolean;
}

/** The hash before the first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** hash = SHA-256(previous hash ‖ canonical JSON of the facts), as Formance chains its log: editing any record breaks every later link. */
export const chainHash = (previousHash: string, facts: AuditFacts): string =>
  createHash('sha256')
    .update(previousHash)
    .update(
      canonicalJson({
        occurredAt: facts.occurredAt,
        actor: facts.actor,
        action: facts.action,
        subject: facts.subject,
        details: facts.details,
        requestId: facts.requestId,
      }),
    )
    .digest('hex');

export interface ChainBreak {
  seq: string;
  problem: 'previous-hash-mismatch' | 'hash-mismatch' | 'position-gap' | 'record-missing';
}

/** Checks links in chain order, page after page: positions without gaps, every record present, every hash recomputed. */
export class ChainVerifier {
  private expectedPrevious = GENESIS_HASH;
  private expectedPosition = 1n;
  private checked = 0;

  /** The first broken link in `records`, or null when all of them hold. */
  feed(records: readonly ChainedRecord[]): ChainBreak | null {
    for (const record of records) {
      if (BigInt(record.position) !== this.expectedPosition) return { seq: record.seq, problem: 'position-gap' };
      if (!record.recordPresent) return { seq: record.seq, problem: 'record-missing' };
      if (record.previousHash !== this.expectedPrevious) return { seq: record.seq, problem: 'previous-hash-mismatch' };
      if (chainHash(record.previousHash, record) !== record.hash) return { seq: record.seq, problem: 'hash-mismatch' };
      this.expectedPrevious = record.hash;
      this.expectedPosition++;
      this.checked++;
    }
    return null;
  }

  get recordsChecked(): number {
    return this.checked;
  }
}
