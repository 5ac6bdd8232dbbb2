import type { AuditFacts, AuditRecord } from '../../domain/audit-chain';

export abstract class AuditLog {
  /** Appends a record at the end of the current unit of work, chained to the last committed one. */
  abstract append(facts: AuditFacts): void;
  /** Records in sequence order after `afterSeq`, a page at a time. */
  abstract page(afterSeq: string, limit: number): Promise<AuditRecord[]>;
}
