import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { RefundTransfer } from '../application/commands/refund-transfer.command';
import { SendMoney } from '../application/commands/send-money.command';
import { GetTransfer } from '../application/queries/get-transfer.query';
import { RefundRequest } from './dto/refund.request';
import { SendMoneyRequest } from './dto/send-money.request';
import { TransferResponse } from './dto/transfer.response';
import { Idempotent } from './idempotency.interceptor';

const uuid = new ParseUUIDPipe();

@ApiTags('wallet')
@Controller('wallet/transfers')
export class TransfersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Send money to another user' })
  @ApiCreatedResponse({ type: TransferResponse })
  async send(@CurrentUser() caller: AuthenticatedUser, @Body() body: SendMoneyRequest): Promise<TransferResponse> {
    const transfer = await this.commands.execute(new SendMoney(caller.id, body.toUserId, BigInt(body.amount), body.currency, body.note ?? null));
    return TransferResponse.from(transfer);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A transfer the caller paid or received' })
  @ApiOkResponse({ type: TransferResponse })
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<TransferResponse> {
    return TransferResponse.from(await this.queries.execute(new GetTransfer(caller.id, id)));
  }

  @Post(':id/refund')
  @Idempotent()
  @ApiOperation({ summary: 'Give back all or part of a transfer you received' })
  @ApiCreatedResponse({ type: TransferResponse })
  async refund(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string, @Body() body: RefundRequest): Promise<TransferResponse> {
    const refund = await this.commands.execute(new RefundTransfer(caller.id, id, body.amount === undefined ? undefined : BigInt(body.amount)));
    return TransferResponse.from(refund);
  }
}
