import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ListAccounts } from '../application/queries/list-accounts.query';
import { AccountListResponse, AccountResponse } from './dto/account.response';

@ApiTags('wallet')
@Controller('wallet/accounts')
export class AccountsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    operationId: 'listAccounts',
    summary: "The caller's accounts and balances (minor units)",
    description:
      "The caller's wallet accounts, one per currency, with posted, pending and available balances in minor units.",
  })
  @ApiOkResponse({ type: AccountListResponse })
  async list(@CurrentUser() caller: AuthenticatedUser): Promise<AccountListResponse> {
    return { items: (await this.queries.execute(new ListAccounts(caller.id))).map(AccountResponse.from) };
  }
}
