import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentUser } from '../../../platform/auth/decorators';
import { IdempotencyKey } from '../../../platform/http/idempotency-key';
import { ApiIdempotencyKey } from '../../../platform/http/openapi-decorators';
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
  @ApiOperation({
    operationId: 'getCheckout',
    summary:
      'What the payment sheet shows: the merchant, amount, description and state of an order of yours, for the mini-app of this launch',
    description:
      "Read by the shell before it draws the payment sheet. The order must be the caller's and belong to the mini-app of the given open launch; anything else is 404, so a caller learns nothing of other orders.",
  })
  @ApiOkResponse({ type: CheckoutResponse })
  @ApiNotFoundResponse({
    description: "No order of yours for this launch's mini-app has this id, or the launch is not open",
  })
  async checkout(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @Query() query: CheckoutQuery,
  ): Promise<CheckoutResponse> {
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
  @ApiIdempotencyKey()
  @ApiOperation({
    operationId: 'confirmOrder',
    summary:
      'Pay the order (the user confirmed in the sheet): paid, or failed with the reason; the same Idempotency-Key answers the same again',
    description:
      "The person pressed Pay in the shell's sheet. Runs the wallet's PayMerchant in the same transaction as the order's change and its notification; a failure (insufficient funds, a limit) leaves the order payable until it expires. Send one Idempotency-Key per sheet.",
  })
  @ApiOkResponse({ type: PaymentOutcomeResponse })
  @ApiConflictResponse({ description: 'order-already-paid' })
  @ApiUnprocessableEntityResponse({ description: 'order-expired' })
  async confirm(
    @CurrentUser() user: AuthenticatedUser,
    @Param('id') id: string,
    @IdempotencyKey() key: string,
    @Body() body: ConfirmRequest,
  ): Promise<PaymentOutcomeResponse> {
    return this.commands.execute(new ConfirmOrder(user.id, id, body.launchId, key));
  }
}
