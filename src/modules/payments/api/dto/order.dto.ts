import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { Amount, CurrencyCode } from '../../../../platform/http/money-fields';
import { ORDER_STATES, type OrderState } from '../../../../shared/contracts/payments';
import type { Order } from '../../domain/order';

export class CreateOrderRequest {
  @ApiProperty({ description: "The user's pairwise id in this mini-app (from the login code exchange or launchData)" })
  @IsString()
  @Length(1, 200)
  openid: string;

  @Amount()
  amount: number;

  @CurrencyCode()
  currency: string;

  @ApiProperty({ example: 'Day pass, zone A', description: 'What the user pays for, shown in the payment sheet' })
  @IsString()
  @Length(1, 200)
  description: string;

  @ApiProperty({ example: 'order-4711', description: "The merchant's own reference, sent back in every notification" })
  @IsString()
  @Length(1, 100)
  merchantReference: string;

  @ApiProperty({
    example: 'https://api.citybikes.example/payments/notify',
    description: 'Where notifications go: https, on a domain the live manifest declares',
  })
  @IsString()
  @MaxLength(2000)
  notifyUrl: string;
}

export class OrderRefundRequest {
  @Amount()
  amount: number;
}

export class ConfirmRequest {
  @ApiProperty({ description: 'The launch of the mini-app whose order this is (the shell sends it)' })
  @IsUUID()
  launchId: string;
}

export class OrderResponse {
  @ApiProperty() id: string;
  @ApiProperty({ description: "The user's pairwise id in the mini-app" }) openid: string;
  @ApiProperty() amount: number;
  @ApiProperty() currency: string;
  @ApiProperty() description: string;
  @ApiProperty() merchantReference: string;
  @ApiProperty() notifyUrl: string;
  @ApiProperty({ enum: ORDER_STATES }) state: OrderState;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Why the last payment attempt failed (insufficient-funds, limit-exceeded, …)',
  })
  failureReason: string | null;
  @ApiProperty() refundedAmount: number;
  @ApiProperty({ description: 'The number of the last change (and notification) of the order' }) sequence: number;
  @ApiProperty() expiresAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(order: Order): OrderResponse {
    return {
      id: order.id,
      openid: order.openid,
      amount: Number(order.amount),
      currency: order.currency,
      description: order.description,
      merchantReference: order.merchantReference,
      notifyUrl: order.notifyUrl,
      state: order.state,
      failureReason: order.failureReason,
      refundedAmount: Number(order.refundedAmount),
      sequence: order.sequence,
      expiresAt: order.expiresAt.toISOString(),
      createdAt: order.createdAt.toISOString(),
      updatedAt: order.updatedAt.toISOString(),
    };
  }
}

export class PaymentOutcomeResponse {
  @ApiProperty() orderId: string;
  @ApiProperty({ enum: ORDER_STATES }) state: OrderState;
  @ApiPropertyOptional({ nullable: true, type: String }) reason: string | null;
}

export class RefundResponse {
  @ApiProperty() id: string;
  @ApiProperty() amount: number;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: OrderResponse }) order: OrderResponse;
}

export class CheckoutResponse {
  @ApiProperty() orderId: string;
  @ApiProperty({ description: "The mini-app's name as its listing shows it" }) merchantName: string;
  @ApiProperty() merchantSlug: string;
  @ApiProperty() amount: number;
  @ApiProperty() currency: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ORDER_STATES }) state: OrderState;
  @ApiProperty() expiresAt: string;
}

export class NotificationAttemptResponse {
  @ApiProperty({ enum: ['delivery', 'resend'] }) trigger: string;
  @ApiProperty({
    description:
      'delivered, rejected (a status other than 2xx and 410), gone (410), timeout, unreachable, address-not-public, response-too-large, endpoint-disabled; domain-not-declared, https-required or invalid-url when the notifyUrl is no longer one the live manifest allows, mini-app-taken-down when review took the mini-app down (nothing was sent in either case)',
  })
  outcome: string;
  @ApiPropertyOptional({ nullable: true, type: Number }) status: number | null;
  @ApiProperty() durationMs: number;
  @ApiPropertyOptional({ nullable: true, type: String }) error: string | null;
  @ApiProperty() at: string;
}

export class NotificationResponse {
  @ApiProperty({ description: 'Also the webhook-id header' }) id: string;
  @ApiProperty() orderId: string;
  @ApiProperty() sequence: number;
  @ApiProperty({ example: 'order.paid' }) type: string;
  @ApiProperty({ description: 'The JSON body that was signed and sent' }) payload: unknown;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed', 'endpoint-disabled'] }) status: string;
  @ApiProperty({ type: [NotificationAttemptResponse] }) attempts: NotificationAttemptResponse[];
  @ApiProperty() createdAt: string;
}

export class NotificationListResponse {
  @ApiProperty({ type: [NotificationResponse] }) items: NotificationResponse[];
}

export class WebhookSecretResponse {
  @ApiProperty({ description: 'whsec_…: the Standard Webhooks secret notifications are signed with, shown this once' })
  secret: string;
  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Until when notifications are also signed with the secret this one replaced',
  })
  previousSecretValidUntil: string | null;
}
