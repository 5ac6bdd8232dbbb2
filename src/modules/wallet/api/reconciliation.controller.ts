import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../../platform/auth/decorators';
import { Reconcile, type ReconciliationReport } from '../application/queries/reconcile.query';

class DiscrepancyResponse {
  @ApiProperty({
    enum: [
      'currency-balance',
      'transfer-entries',
      'posted-balance',
      'pending-balance',
      'negative-stored-value',
      'audit-chain',
      'audit-unsealed',
    ],
  })
  check: string;
  @ApiProperty({ description: 'The currency, transfer, account or audit record concerned' })
  subject: string;
  @ApiProperty()
  detail: string;
}

class ReconciliationResponse {
  @ApiProperty({ description: 'True when no discrepancy was found' })
  clean: boolean;
  @ApiProperty()
  checkedAt: string;
  @ApiProperty()
  accounts: number;
  @ApiProperty()
  transfers: number;
  @ApiProperty()
  entries: number;
  @ApiProperty({ description: 'Audit records whose chain verified' })
  auditRecords: number;
  @ApiProperty({ type: [DiscrepancyResponse] })
  discrepancies: DiscrepancyResponse[];
}

@ApiTags('wallet')
@Controller('wallet/admin/reconciliation')
export class ReconciliationController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles('admin')
  @ApiOperation({
    operationId: 'reconcileLedger',
    summary: 'Check the ledger: zero-sum per currency, entries per transfer, cached balances, the audit chain',
    description:
      'Checks the whole ledger (admin role): every currency sums to zero, every transfer has its two entries, cached balances and holds match the entries, and the audit chain is unbroken. Lists each discrepancy found.',
  })
  @ApiOkResponse({ type: ReconciliationResponse })
  reconcile(): Promise<ReconciliationReport> {
    return this.queries.execute(new Reconcile());
  }
}
