import { Command, CommandBus, CommandHandler, type ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import type { OrderState } from '../../../../shared/contracts/payments';
import { FindOpenLaunch, type OpenLaunchView } from '../../../../shared/contracts/runtime';
import { PayMerchant, type PaymentReceipt } from '../../../../shared/contracts/wallet';
import { isUuid } from '../../../../shared/kernel/ids';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { type Order, paymentRefusal } from '../../domain/order';
import { OrderExpiry } from '../order-expiry';
import { OrderChanges } from '../order-changes';
import { MerchantDirectory } from '../ports/merchant-directory';
import { OrderStore } from '../ports/order-store';
import { PaymentsMetrics } from '../ports/payments-metrics';

export interface PaymentOutcome {
  orderId: string;
  state: OrderState;
  reason: string | null;
}

export class ConfirmOrder extends Command<PaymentOutcome> {
  constructor(
    readonly userId: string,
    readonly orderId: string,
    readonly launchId: string,
    readonly idempotencyKey: string,
  ) {
    super();
  }
}

const orderNotFound = () => notFound('The order');

/**
 * The user confirms in the shell's sheet, within a launch of the order's mini-app: the money moves
 * with wallet's PayMerchant and the order becomes paid, or failed with the wallet's reason (it may
 * be tried again until it expires). The order is locked throughout, so two confirms take turns; the
 * same Idempotency-Key gives the first answer again and moves nothing. Another user's order, or one
 * of another mini-app than the launch's, is a 404.
 */
@CommandHandler(ConfirmOrder)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrder, PaymentOutcome> {
  constructor(
    private readonly orders: OrderStore,
    private readonly directory: MerchantDirectory,
    private readonly changes: OrderChanges,
    private readonly expiry: OrderExpiry,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly metrics: PaymentsMetrics,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, orderId, launchId, idempotencyKey }: ConfirmOrder): Promise<PaymentOutcome> {
    if (!isUuid(orderId)) throw orderNotFound();
    // A retry whose first answer was lost gets that answer, even once the launch has ended: the money may have moved.
    const earlier = await this.unitOfWork.run(() => this.orders.findConfirmation(orderId, idempotencyKey));
    if (earlier?.userId === userId) return earlier.answer as PaymentOutcome;
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
    const outcome = await this.unitOfWork.run(async () => {
      const order = await this.orders.lock(orderId);
      if (!order || order.userId !== userId || order.miniAppId !== launch.miniAppId) throw orderNotFound();
      const replay = await this.orders.findConfirmation(order.id, idempotencyKey);
      if (replay) return replay.answer as PaymentOutcome;
      const now = this.clock.now();
      const refusal = paymentRefusal(order, now);
      if (refusal === 'already-paid')
        throw new ProblemError(
          409,
          'order-already-paid',
          'Order already paid',
          'This order has been paid; nothing was charged again.',
        );
      if (refusal === 'expired') return 'expired' as const;
      const answer = await this.pay(order, launch.slug, now);
      await this.orders.saveConfirmation(order.id, idempotencyKey, userId, answer, now);
      return answer;
    });
    if (outcome === 'expired') {
      await this.expiry.expireDue();
      throw new ProblemError(
        422,
        'order-expired',
        'Order expired',
        'This order can no longer be paid; the mini-app can create a new one.',
      );
    }
    return outcome;
  }

  private async pay(order: Order, slug: string, now: Date): Promise<PaymentOutcome> {
    const merchantAccountId = await this.directory.accountOf(order.miniAppId, order.currency);
    if (!merchantAccountId)
      throw new ProblemError(
        422,
        'payments-not-enabled',
        'Payments not enabled',
        'The merchant cannot take payments in this currency.',
      );
    const receipt = await this.commands.execute<PayMerchant, PaymentReceipt>(
      new PayMerchant({
        payerUserId: order.userId,
        merchantAccountId,
        amount: Number(order.amount),
        currency: order.currency,
        fee: 0,
        reference: `order:${order.id}`,
        // One key per attempt the order has recorded, whatever the caller's key: when the wallet runs in another
        // process, a payment it committed while this transaction was lost is found again (not taken twice) by a retry.
        idempotencyKey: `order:${order.id}:${order.sequence}`,
      }),
    );
    if (receipt.status === 'failed') {
      await this.changes.apply(order.id, { state: 'failed', failureReason: receipt.reason, at: now });
      this.unitOfWork.afterCommit(() => this.metrics.paymentFailed(slug, receipt.reason));
      return { orderId: order.id, state: 'failed', reason: receipt.reason };
    }
    await this.changes.apply(order.id, {
      state: 'paid',
      failureReason: null,
      paymentTransferId: receipt.paymentTransferId,
      at: now,
    });
    return { orderId: order.id, state: 'paid', reason: null };
  }
}
