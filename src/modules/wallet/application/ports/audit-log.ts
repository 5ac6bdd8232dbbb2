import type { AuditFacts, AuditRecord, ChainedRecord } from '../../domain/audit-chain';

export interface ChainLink {
  position: string;
  seq: string;
  previousHash: string;
  hash: string;
}

/**
 * The audit log and its hash chain. Records are written with the movement they describe; links
 * are added after commit by one sealer at a time, in the order records became visible.
 */
export abstract class AuditLog {
  /** Writes a record in the current unit of work: it commits (or not) with the movement. */
  abstract append(facts: AuditFacts): void;
  /** Chained records after `afterPosition`, in chain order, a page at a time. */
  abstract chain(afterPosition: string, limit: number): Promise<Array<ChainedRecord & { sealedAt: Date }>>;

  /** Takes the sealer's turn for this transaction; false when another instance is sealing. */
  abstract tryLockChain(): Promise<boolean>;
  abstract lastLink(): Promise<ChainLink | null>;
  /** Committed records without a link, oldest first; only those after `afterSeq` unless it is null (a full sweep). */
  abstract unsealed(afterSeq: string | null, limit: number): Promise<AuditRecord[]>;
  abstract link(links: readonly ChainLink[]): Promise<void>;
  /** Records written before `cutoff` and still without a link: a sealer that stopped, for the reconciliation to report. */
  abstract unsealedBefore(cutoff: Date, limit: number): Promise<string[]>;
}
