import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { AuditSealer } from '../audit-sealer';
import { ChainVerifier } from '../../domain/audit-chain';
import { AuditLog } from '../ports/audit-log';
import { type Discrepancy, LedgerChecks } from '../ports/ledger-checks';

export interface ReconciliationReport {
  clean: boolean;
  checkedAt: string;
  accounts: number;
  transfers: number;
  entries: number;
  auditRecords: number;
  discrepancies: Discrepancy[];
}

export class Reconcile extends Query<ReconciliationReport> {}

const AUDIT_PAGE = 5_000;
/** Records are sealed within a second or so of their commit; one still unsealed after this is reported. */
const UNSEALED_GRACE_MS = 60_000;
/** The sealer links a record within a second or so; one linked five minutes after it was written was re-linked. */
const LATE_SEAL_MS = 300_000;

/**
 * Checks the books against themselves in one repeatable-read snapshot (so movements committing
 * meanwhile cannot show as false drift): money sums to zero per currency, every transfer has its
 * two entries, every cached balance equals its entries and holds, and the audit chain verifies.
 */
@QueryHandler(Reconcile)
export class ReconcileHandler implements IQueryHandler<Reconcile, ReconciliationReport> {
  constructor(
    private readonly checks: LedgerChecks,
    private readonly audit: AuditLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly sealer: AuditSealer,
  ) {}

  async execute(): Promise<ReconciliationReport> {
    await this.sealer.sealPending();
    return this.unitOfWork.run(
      async () => {
        const counts = await this.checks.counts();
        const discrepancies = [
          ...(await this.checks.unbalancedCurrencies()),
          ...(await this.checks.malformedTransfers()),
          ...(await this.checks.strayEntries()),
          ...(await this.checks.driftedBalances()),
        ];
        const verifier = new ChainVerifier();
        for (let after = '0'; ;) {
          const page = await this.audit.chain(after, AUDIT_PAGE);
          for (const link of page) {
            // A record sealed long after it was written was re-sealed: someone removed links and let the sealer forge new ones.
            if (link.recordPresent && link.sealedAt.getTime() - Date.parse(link.occurredAt) > LATE_SEAL_MS) {
              discrepancies.push({
                check: 'audit-chain',
                subject: link.seq,
                detail: `audit record ${link.seq} was linked into the chain long after it was written`,
              });
            }
          }
          const broken = verifier.feed(page);
          if (broken) {
            discrepancies.push({
              check: 'audit-chain',
              subject: broken.seq,
              detail: `audit record ${broken.seq}: ${broken.problem}; the chain is broken from here on`,
            });
            break;
          }
          if (page.length < AUDIT_PAGE) break;
          after = page[page.length - 1].position;
        }
        for (const seq of await this.audit.unsealedBefore(new Date(Date.now() - UNSEALED_GRACE_MS), 100)) {
          discrepancies.push({
            check: 'audit-unsealed',
            subject: seq,
            detail: `audit record ${seq} has had no place in the hash chain for over a minute`,
          });
        }
        return {
          clean: discrepancies.length === 0,
          checkedAt: new Date().toISOString(),
          ...counts,
          auditRecords: verifier.recordsChecked,
          discrepancies,
        };
      },
      { isolation: 'REPEATABLE READ' },
    );
  }
}
