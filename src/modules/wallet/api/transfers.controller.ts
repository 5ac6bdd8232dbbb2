import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../platform/auth/decorators';
import type { FastifyRequest } from 'fastify';
import {
  answerResponse,
  claimOf,
  httpAnswer,
  Idempotent,
  IdempotencyKeyRequired,
  respond,
} from '../../../platform/http/idempotent-route';
import { Idempotency } from '../../../platform/idempotency/idempotency';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ProblemError } from '../../../shared/kernel/problem';
import { RefundTransfer } from '../application/commands/refund-transfer.command';
import { SendMoney } from '../application/commands/send-money.command';
import type { Transfer } from '../application/ports/transfer-repository';
import { GetTransfer } from '../application/queries/get-transfer.query';
import { TransferBatcher } from '../application/transfer-batcher';
import { RefundRequest } from './dto/refund.request';
import { SendMoneyRequest } from './dto/send-money.request';
import { TransferResponse } from './dto/transfer.response';
import { merchantViewOf } from './merchant-view';

const uuid = new ParseUUIDPipe();

@ApiTags('wallet')
@Controller('wallet/transfers')
export class TransfersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly batcher: TransferBatcher,
    private readonly idempotency: Idempotency,
  ) {}

  /**
   * Idempotent like every money-moving route, but written in batches with the transfers other
   * requests send at the same moment (group commit, see TransferBatcher); a transfer a batch
   * cannot take runs by itself through the usual path.
   */
  @Post()
  @IdempotencyKeyRequired()
  @ApiOperation({
    operationId: 'sendMoney',
    summary: 'Send money to another user',
    description:
      "Moves money from the caller's account to another user's in the same currency, within the per-transaction and daily limits. Needs an `Idempotency-Key`: a retry with the same key and body answers the first result again, with `Idempotent-Replayed: true`.",
  })
  @ApiCreatedResponse({ type: TransferResponse })
  async send(
    @CurrentUser() caller: AuthenticatedUser,
    @Body() body: SendMoneyRequest,
    @Req() request: FastifyRequest,
  ): Promise<Response> {
    const claim = claimOf(request, `user:${caller.id}`);
    const amount = BigInt(body.amount);
    const note = body.note ?? null;
    const render = (outcome: Transfer | ProblemError) =>
      httpAnswer(
        request,
        outcome instanceof ProblemError ? { error: outcome } : { value: TransferResponse.from(outcome) },
        201,
      );
    const batched = await this.batcher.submit(
      {
        claim,
        senderId: caller.id,
        recipientId: body.toUserId,
        amount,
        currency: body.currency,
        note,
        requestId: String(request.id),
      },
      render,
    );
    if (batched.kind === 'answer') return answerResponse(batched.answer, batched.replayed);
    if (batched.kind === 'refused') throw batched.error;
    const executed = await this.idempotency.execute(
      claim,
      async () =>
        TransferResponse.from(
          await this.commands.execute(new SendMoney(caller.id, body.toUserId, amount, body.currency, note)),
        ),
      (outcome) => httpAnswer(request, outcome, 201),
    );
    return respond(executed);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getTransfer',
    summary: 'A transfer the caller paid or received',
    description: 'One transfer the caller sent or received; any other answers 404.',
  })
  @ApiOkResponse({ type: TransferResponse })
  async get(@CurrentUser() caller: AuthenticatedUser, @Param('id', uuid) id: string): Promise<TransferResponse> {
    const transfer = await this.queries.execute(new GetTransfer(caller.id, id));
    return TransferResponse.from(transfer, await merchantViewOf(this.queries, caller.id));
  }

  @Post(':id/refund')
  @Idempotent()
  @ApiOperation({
    operationId: 'refundTransfer',
    summary: 'Give back all or part of a transfer you received',
    description:
      'The receiver of a transfer gives back all or part of it, as a new transfer linked to the original; all refunds together never exceed the original. A payment to the merchant account of a mini-app is refused here (422 `refund-through-payments`): the merchant refunds it with `POST /payments/orders/{id}/refunds`. Needs an `Idempotency-Key`.',
  })
  @ApiCreatedResponse({ type: TransferResponse })
  async refund(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('id', uuid) id: string,
    @Body() body: RefundRequest,
  ): Promise<TransferResponse> {
    const refund = await this.commands.execute(
      new RefundTransfer(caller.id, id, body.amount === undefined ? undefined : BigInt(body.amount)),
    );
    return TransferResponse.from(refund, await merchantViewOf(this.queries, caller.id));
  }
}
