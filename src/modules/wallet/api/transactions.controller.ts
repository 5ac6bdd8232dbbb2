import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { decodeCursor, encodeCursor } from '../../../shared/kernel/cursor';
import { invalid } from '../../../shared/kernel/problem';
import { GetStatement } from '../application/queries/statement.query';
import { StatementLineResponse, StatementQuery, StatementResponse } from './dto/statement';
import { merchantViewOf } from './merchant-view';

@ApiTags('wallet')
@Controller('wallet/transactions')
export class TransactionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    operationId: 'listTransactions',
    summary: "The caller's statement, newest first, cursor-paged",
    description:
      "The caller's statement: every entry on their accounts, newest first, with counterparty and note, cursor-paged.",
  })
  @ApiOkResponse({ type: StatementResponse })
  async list(@CurrentUser() caller: AuthenticatedUser, @Query() query: StatementQuery): Promise<StatementResponse> {
    const { lines, hasMore } = await this.queries.execute(
      new GetStatement({
        userId: caller.id,
        limit: query.limit ?? 50,
        before: decodeCursor(query.cursor ?? null) ?? undefined,
        from: instant(query.from, 'from'),
        to: instant(query.to, 'to'),
        kind: query.type,
      }),
    );
    const viewer = await merchantViewOf(this.queries, caller.id);
    return {
      items: lines.map((line) => StatementLineResponse.from(line, viewer)),
      nextCursor: hasMore ? encodeCursor(lines[lines.length - 1].entryId) : null,
    };
  }
}

/** ISO 8601 forms JavaScript cannot read (e.g. expanded years) are refused here, not passed on as Invalid Date. */
function instant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw invalid('validation', 'Invalid request', 'One or more fields are invalid; see errors.', [
      { pointer: `#/${field}`, detail: 'must be an ISO 8601 date-time' },
    ]);
  return date;
}
