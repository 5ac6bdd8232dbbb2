import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CurrentUser, Roles } from '../../../platform/auth/decorators';
import { CallingMiniApp, ServerCredentials } from '../../../platform/auth/server-credentials';
import { IdempotencyKey } from '../../../platform/http/idempotency-key';
import { ApiIdempotencyKey } from '../../../platform/http/openapi-decorators';
import type { ServerCaller } from '../../../shared/contracts/runtime';
import type { AuthenticatedUser } from '../../../shared/kernel/authenticated-user';
import { CreateOrder } from '../application/commands/create-order.command';
import { RefundOrder } from '../application/commands/refund-order.command';
import { ResendNotification } from '../application/commands/resend-notification.command';
import { RotateWebhookSecret } from '../application/commands/rotate-webhook-secret.command';
import type { Attempt } from '../application/ports/notification-log';
import { GetOrder, ListNotifications } from '../application/queries/order-queries';
import {
  CreateOrderRequest,
  NotificationAttemptResponse,
  NotificationListResponse,
  OrderResponse,
  OrderRefundRequest,
  RefundResponse,
  WebhookSecretResponse,
} from './dto/order.dto';

class NotificationsQuery {
  @ApiProperty({ format: 'uuid', description: "The order whose notifications to list (one of the calling mini-app's)" })
  @IsUUID()
  orderId: string;
}

const attemptResponse = (attempt: Attempt): NotificationAttemptResponse => ({
  ...attempt,
  at: attempt.at.toISOString(),
});

/** What a mini-app's backend uses (its server credentials): orders, refunds, notifications; and what its developer uses: the webhook secret. */
@ApiTags('payments')
@Controller('payments')
export class MerchantController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('orders')
  @ServerCredentials()
  @ApiIdempotencyKey()
  @ApiOperation({
    operationId: 'createOrder',
    summary: "Create an order for one of the mini-app's users; the same Idempotency-Key and body give the same order",
    description:
      "Called by the mini-app's backend with its server credentials (HTTP Basic). The openid must be a user of this mini-app; notifyUrl must be on one of its declared domains. The order can be paid for PAYMENTS_ORDER_TTL_SECONDS.",
  })
  @ApiCreatedResponse({ type: OrderResponse })
  @ApiUnprocessableEntityResponse({
    description:
      'unknown-openid, notify-url-not-allowed, payments-not-enabled, webhook-secret-missing, mini-app-not-live, idempotency-key-reused',
  })
  async create(
    @CallingMiniApp() caller: ServerCaller,
    @IdempotencyKey() key: string,
    @Body() body: CreateOrderRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrderResponse> {
    const { order, replayed } = await this.commands.execute(new CreateOrder(caller, key, body));
    if (replayed) reply.header('idempotent-replayed', 'true');
    return OrderResponse.from(order);
  }

  @Get('orders/:id')
  @ServerCredentials()
  @ApiOperation({
    operationId: 'getOrder',
    summary: "One of the mini-app's orders, as it is now",
    description: "Called by the mini-app's backend with its server credentials; another mini-app's order is 404.",
  })
  @ApiOkResponse({ type: OrderResponse })
  @ApiNotFoundResponse({ description: 'No order of this mini-app has this id' })
  async get(@CallingMiniApp() caller: ServerCaller, @Param('id') id: string): Promise<OrderResponse> {
    return OrderResponse.from(await this.queries.execute(new GetOrder(caller, id)));
  }

  @Post('orders/:id/refunds')
  @ServerCredentials()
  @ApiIdempotencyKey()
  @ApiOperation({
    operationId: 'refundOrder',
    summary: 'Give back all or part of a paid order, through the wallet (never more than was paid)',
    description:
      "Partial refunds add up to at most the amount paid; each refund changes the order's state and is notified like any change.",
  })
  @ApiCreatedResponse({ type: RefundResponse })
  @ApiUnprocessableEntityResponse({
    description: 'exceeds-refundable, insufficient-funds (the merchant account holds less), idempotency-key-reused',
  })
  async refund(
    @CallingMiniApp() caller: ServerCaller,
    @Param('id') id: string,
    @IdempotencyKey() key: string,
    @Body() body: OrderRefundRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RefundResponse> {
    const { refund, order, replayed } = await this.commands.execute(new RefundOrder(caller, id, key, body.amount));
    if (replayed) reply.header('idempotent-replayed', 'true');
    return {
      id: refund.id,
      amount: Number(refund.amount),
      createdAt: refund.createdAt.toISOString(),
      order: OrderResponse.from(order),
    };
  }

  @Get('notifications')
  @ServerCredentials()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'The notifications of one order, in sequence, each with every attempt (status, duration, error)',
    description:
      'What was sent to notifyUrl for an order: each notification with its sequence number and every delivery attempt, so a merchant can see why one is still pending.',
  })
  @ApiOkResponse({ type: NotificationListResponse })
  async notifications(
    @CallingMiniApp() caller: ServerCaller,
    @Query() query: NotificationsQuery,
  ): Promise<NotificationListResponse> {
    const items = await this.queries.execute(new ListNotifications(caller, query.orderId));
    return {
      items: items.map((n) => ({
        id: n.id,
        orderId: n.orderId,
        sequence: n.sequence,
        type: n.type,
        payload: n.payload,
        status: n.status,
        attempts: n.attemptLog.map(attemptResponse),
        createdAt: n.createdAt.toISOString(),
      })),
    };
  }

  @Post('notifications/:id/resend')
  @HttpCode(200)
  @ServerCredentials()
  @ApiOperation({
    operationId: 'resendNotification',
    summary:
      'Send a notification again, now; answers the attempt (also to an endpoint a 410 disabled, which a delivery enables again)',
    description: 'Sends the notification once more, outside its retry schedule; the attempt is logged like the others.',
  })
  @ApiOkResponse({ type: NotificationAttemptResponse })
  async resend(@CallingMiniApp() caller: ServerCaller, @Param('id') id: string): Promise<NotificationAttemptResponse> {
    return attemptResponse(await this.commands.execute(new ResendNotification(caller, id)));
  }

  @Post('mini-apps/:slug/webhook-secret')
  @Roles('developer')
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: "Create or rotate the mini-app's webhook signing secret (its owner): shown once",
    description:
      'Notifications are signed in the Standard Webhooks format with this secret (whsec_…); after a rotation they carry a second signature under the previous secret for PAYMENTS_WEBHOOK_SECRET_GRACE_SECONDS.',
  })
  @ApiCreatedResponse({ type: WebhookSecretResponse })
  @ApiNotFoundResponse({ description: 'No mini-app of yours has this slug' })
  async rotateSecret(
    @CurrentUser() caller: AuthenticatedUser,
    @Param('slug') slug: string,
  ): Promise<WebhookSecretResponse> {
    const issued = await this.commands.execute(new RotateWebhookSecret(caller.id, slug));
    return { secret: issued.secret, previousSecretValidUntil: issued.previousSecretValidUntil?.toISOString() ?? null };
  }
}
