import { type IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { FindOpenLaunch, type OpenLaunchView, type ServerCaller } from '../../../../shared/contracts/runtime';
import { isUuid } from '../../../../shared/kernel/ids';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import type { Order } from '../../domain/order';
import { type Merchant, MerchantDirectory } from '../ports/merchant-directory';
import { type Attempt, type Notification, NotificationLog } from '../ports/notification-log';
import { OrderStore } from '../ports/order-store';

/** The merchant reads one of its orders. */
export class GetOrder extends Query<Order> {
  constructor(
    readonly caller: ServerCaller,
    readonly orderId: string,
  ) {
    super();
  }
}

@QueryHandler(GetOrder)
export class GetOrderHandler implements IQueryHandler<GetOrder, Order> {
  constructor(private readonly orders: OrderStore) {}

  async execute({ caller, orderId }: GetOrder): Promise<Order> {
    const order = isUuid(orderId) ? await this.orders.find(orderId) : null;
    if (order?.miniAppId !== caller.miniAppId) throw notFound('The order');
    return order;
  }
}

/** What the shell's payment sheet shows the user: the order, if it is theirs and of the mini-app they are running. */
export class GetCheckout extends Query<{ order: Order; merchant: Merchant }> {
  constructor(
    readonly userId: string,
    readonly orderId: string,
    readonly launchId: string,
  ) {
    super();
  }
}

@QueryHandler(GetCheckout)
export class GetCheckoutHandler implements IQueryHandler<GetCheckout, { order: Order; merchant: Merchant }> {
  constructor(
    private readonly orders: OrderStore,
    private readonly directory: MerchantDirectory,
    private readonly queries: QueryBus,
  ) {}

  async execute({ userId, orderId, launchId }: GetCheckout): Promise<{ order: Order; merchant: Merchant }> {
    const launch = await this.queries.execute<FindOpenLaunch, OpenLaunchView | null>(
      new FindOpenLaunch(userId, launchId),
    );
    if (!launch)
      throw new ProblemError(
        404,
        'launch-not-found',
        'Launch not found',
        'The launch does not exist, has ended or is not yours; open the mini-app again.',
      );
    const order = isUuid(orderId) ? await this.orders.find(orderId) : null;
    const merchant = order ? await this.directory.byId(order.miniAppId) : null;
    if (!order || !merchant || order.userId !== userId || order.miniAppId !== launch.miniAppId)
      throw notFound('The order');
    return { order, merchant };
  }
}

/** The merchant's notifications of one order, each with its attempts. */
export class ListNotifications extends Query<Array<Notification & { attemptLog: Attempt[] }>> {
  constructor(
    readonly caller: ServerCaller,
    readonly orderId: string,
  ) {
    super();
  }
}

@QueryHandler(ListNotifications)
export class ListNotificationsHandler implements IQueryHandler<
  ListNotifications,
  Array<Notification & { attemptLog: Attempt[] }>
> {
  constructor(
    private readonly orders: OrderStore,
    private readonly log: NotificationLog,
  ) {}

  async execute({ caller, orderId }: ListNotifications): Promise<Array<Notification & { attemptLog: Attempt[] }>> {
    const order = isUuid(orderId) ? await this.orders.find(orderId) : null;
    if (order?.miniAppId !== caller.miniAppId) throw notFound('The order');
    return this.log.listForOrder(order.id);
  }
}
