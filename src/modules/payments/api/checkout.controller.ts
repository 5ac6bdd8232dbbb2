import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentUser } from '../../../platform/auth/decorators';
import { IdempotencyKey, idempotencyKeyHeader } from '../../../platform/http/idempotency-key';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { ConfirmOrder } from '../application/commands/confirm-order.command';
import { GetCheckout } from '../application/queries/order-queries';
import { CheckoutResponse, ConfirmRequest, PaymentOutcomeResponse } from './dto/order.dto';

class CheckoutQuery {
  @ApiProperty({ description: 'The launch of the mini-app that asked for the payment' })
  @IsUUID()
  launchId: string;
}

/** The user's side of a checkout, used by the shell's payment sheet (the user's token). */
@ApiTags('payments')
@Controller('payments/orders')
export class CheckoutController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id/checkout')
  @ApiOperation({ operationId: 'getCheckout', summary: 'What the payment sheet shows: the merchant, amount, description and state of an order of yours, for the mini-app of this launch' })
  @ApiOkResponse({ type: CheckoutResponse })
  @ApiNotFoundResponse({ description: 'No order of yours for this launch\'s mini-app has this id, or the launch is not open' })
  async checkout(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @Query() query: CheckoutQuery): Promise<CheckoutResponse> {
    const { order, merchant } = await this.queries.execute(new GetCheckout(user.id, id, query.launchId));
    return {
      orderId: order.id,
      merchantName: merchant.name ?? merchant.slug,
      merchantSlug: merchant.slug,
      amount: Number(order.amount),
      currency: order.currency,
      description: order.description,
      state: order.state,
      expiresAt: order.expiresAt.toISOString(),
    };
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @idempotencyKeyHeader()
  @ApiOperation({ operationId: 'confirmOrder', summary: 'Pay the order (the user confirmed in the sheet): paid, or failed with the reason; the same Idempotency-Key answers the same again' })
  @ApiOkResponse({ type: PaymentOutcomeResponse })
  @ApiConflictResponse({ description: 'order-already-paid' })
  @ApiUnprocessableEntityResponse({ description: 'order-expired' })
  async confirm(@CurrentUser() user: AuthenticatedUser, @Param('id') id: string, @IdempotencyKey() key: string, @Body() body: ConfirmRequest): Promise<PaymentOutcomeResponse> {
    return this.commands.execute(new ConfirmOrder(user.id, id, body.launchId, key));
  }
}
