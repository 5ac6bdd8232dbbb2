import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { CaptureHold } from '../application/commands/capture-hold.command';
import { PlaceHold } from '../application/commands/place-hold.command';
import { VoidHold } from '../application/commands/void-hold.command';
import { GetHold } from '../application/queries/get-hold.query';
import { CaptureHoldRequest, PlaceHoldRequest } from './dto/hold.request';
import { CaptureResponse, HoldResponse } from './dto/hold.response';
import { TransferResponse } from './dto/transfer.response';
import { Idempotent } from '../../../platform/http/idempotent-route';
import { merchantViewOf } from './merchant-view';

const uuid = new ParseUUIDPipe();

@ApiTags('wallet')
@Controller('wallet/holds')
export class HoldsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'placeHold',
    summary: 'Reserve money for a payee (two-phase payment): captured later, voided, or released at expiry',
    description:
      "Reserves money of the caller's for a payee (the first phase of a two-phase payment): the payer's available balance drops at once, and the hold is captured, voided, or released when it expires. Needs an `Idempotency-Key`.",
  })
  @ApiCreatedResponse({ type: HoldResponse })
  async place(@CurrentUser() caller: AuthenticatedUser, @Body() body: PlaceHoldRequest): Promise<HoldResponse> {
    const hold = await this.commands.execute(
      new PlaceHold(caller.id, body.payeeAccountId, BigInt(body.amount), body.currency, body.expiresInSeconds),
    );
    return HoldResponse.from(hold);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getHold',
    summary: 'A hold the caller placed or is to be paid by',
    description: 'One hold the caller placed or is the payee of; any other answers 404.',
  })
  @ApiOkResponse({ type: HoldResponse })
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<HoldResponse> {
    const hold = await this.queries.execute(new GetHold(caller.id, id));
    return HoldResponse.from(hold, await merchantViewOf(this.queries, caller.id));
  }

  @Post(':id/capture')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'captureHold',
    summary: 'The payee posts all or part of the hold; the rest goes back to the payer',
    description:
      'The payee posts all or part of a pending hold as a transfer; the rest goes back to the payer. Needs an `Idempotency-Key`.',
  })
  @ApiOkResponse({ type: CaptureResponse })
  async capture(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: CaptureHoldRequest,
  ): Promise<CaptureResponse> {
    const { hold, transfer } = await this.commands.execute(
      new CaptureHold(caller.id, id, body.amount === undefined ? undefined : BigInt(body.amount)),
    );
    const viewer = await merchantViewOf(this.queries, caller.id);
    return { hold: HoldResponse.from(hold, viewer), transfer: TransferResponse.from(transfer, viewer) };
  }

  @Post(':id/void')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({
    operationId: 'voidHold',
    summary: 'Either side releases the hold; nothing moves',
    description: 'Either side releases a pending hold; no money moves. Needs an `Idempotency-Key`.',
  })
  @ApiOkResponse({ type: HoldResponse })
  async void(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<HoldResponse> {
    const hold = await this.commands.execute(new VoidHold(caller.id, id));
    return HoldResponse.from(hold, await merchantViewOf(this.queries, caller.id));
  }
}
