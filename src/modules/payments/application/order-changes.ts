import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { OrderStateChanged } from '../../../shared/contracts/payments';
import { newId } from '../../../shared/kernel/ids';
import { notificationType, type Order } from '../domain/order';
import { type OrderChange, OrderStore } from './ports/order-store';
import { PaymentsMetrics } from './ports/payments-metrics';

/**
 * Every change of an order goes through here, in the caller's unit of work: the order is updated
 * and numbered, its merchant notification is written, and `payments.order-state-changed` goes to
 * the outbox, all in one transaction. So a committed change is always announced, and nothing is
 * announced that did not commit.
 */
@Injectable()
export class OrderChanges {
  constructor(
    private readonly orders: OrderStore,
    private readonly eventBus: EventBus,
    private readonly metrics: PaymentsMetrics,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async apply(orderId: string, change: OrderChange): Promise<Order> {
    const order = await this.orders.change(orderId, change);
    const at = change.at.toISOString();
    await this.orders.insertNotification({
      id: newId(),
      orderId: order.id,
      miniAppId: order.miniAppId,
      sequence: order.sequence,
      type: notificationType(order.state),
      payload: webhookBody(order, at),
      url: order.notifyUrl,
      createdAt: change.at,
    });
    await this.eventBus.publish(
      new OrderStateChanged({
        orderId: order.id,
        miniAppId: order.miniAppId,
        userId: order.userId,
        state: order.state,
        sequence: order.sequence,
        amount: Number(order.amount),
        refundedAmount: Number(order.refundedAmount),
        currency: order.currency,
        reason: order.failureReason,
        at,
      }),
    );
    this.unitOfWork.afterCommit(() => this.metrics.orderReached(order.state));
    return order;
  }
}

/** The notification's body, Standard Webhooks style (`type`, `timestamp`, `data`): what the merchant's backend needs to act, by its own ids. */
function webhookBody(order: Order, at: string) {
  return {
    type: notificationType(order.state),
    timestamp: at,
    data: {
      orderId: order.id,
      merchantReference: order.merchantReference,
      openid: order.openid,
      state: order.state,
      sequence: order.sequence,
      amount: Number(order.amount),
      refundedAmount: Number(order.refundedAmount),
      currency: order.currency,
      reason: order.failureReason,
    },
  };
}
