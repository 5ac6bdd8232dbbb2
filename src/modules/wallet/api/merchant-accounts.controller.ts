import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { OpenMerchantAccount } from '../application/commands/open-merchant-account.command';
import { AccountResponse } from './dto/account.response';
import { OpenMerchantAccountRequest } from './dto/merchant-account.request';

@ApiTags('wallet')
@Controller('wallet/merchant-accounts')
export class MerchantAccountsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('developer', 'admin')
  @ApiOperation({
    operationId: 'openMerchantAccount',
    summary: 'Open a merchant account to be paid into (developers)',
    description: 'Opens a merchant account that mini-app payments are paid into (developer role).',
  })
  @ApiCreatedResponse({ type: AccountResponse })
  async open(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: OpenMerchantAccountRequest,
  ): Promise<AccountResponse> {
    return AccountResponse.from(
      await this.commands.execute(new OpenMerchantAccount(caller.id, body.currency, body.name)),
    );
  }
}
