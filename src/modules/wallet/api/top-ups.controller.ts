import { Body, Controller, Headers, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ProblemError } from '../../../shared/kernel/problem';
import { TopUp } from '../application/commands/top-up.command';
import { TopUpRequest } from './dto/top-up.request';
import { TransferResponse } from './dto/transfer.response';
import { Idempotent } from '../../../platform/http/idempotent-route';

@ApiTags('wallet')
@Controller('wallet/top-ups')
export class TopUpsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Idempotent()
  @ApiOperation({
    operationId: 'topUpWallet',
    summary: 'Fund the wallet from a card or bank account (402 when the card is declined)',
    description:
      "Charges one of the caller's cards or bank accounts through the payment provider and credits the wallet. Needs an `Idempotency-Key`, which the provider gets too, so a retry never charges twice: 402 names a decline, 502 means the provider's answer is not known yet (retry with the same key).",
  })
  @ApiCreatedResponse({ type: TransferResponse })
  @ApiResponse({ status: 402, description: 'The card was declined (the problem type names why); nothing moved' })
  @ApiResponse({
    status: 502,
    description: 'The payment provider did not answer; retry with the same Idempotency-Key to learn the outcome',
  })
  async topUp(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: TopUpRequest,
    @Headers('idempotency-key') idempotencyKey: string,
  ): Promise<TransferResponse | ProblemError> {
    const result = await this.commands.execute(
      new TopUp(caller.id, body.instrumentId, BigInt(body.amount), body.currency, idempotencyKey),
    );
    return result instanceof ProblemError ? result : TransferResponse.from(result);
  }
}
