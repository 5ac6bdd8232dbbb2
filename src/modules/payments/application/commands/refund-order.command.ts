import { createHash } from 'node:crypto';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import type { ServerCaller } from '../../../../shared/contracts/runtime';
import { RefundMerchantPayment, type RefundReceipt } from '../../../../shared/contracts/wallet';
import { isUuid, newId } from '../../../../shared/kernel/ids';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { afterRefund, type Order } from '../../domain/order';
import { OrderChanges } from '../order-changes';
import { MerchantDirectory } from '../ports/merchant-directory';
import { OrderStore, type StoredRefund } from '../ports/order-store';

export class RefundOrder extends Command<{ refund: StoredRefund; order: Order; replayed: boolean }> {
  constructor(
    readonly caller: ServerCaller,
    readonly orderId: string,
    readonly idempotencyKey: string,
    readonly amount: number,
  ) {
    super();
  }
}

/**
 * The merchant gives back all or part of a paid order, through the wallet, never beyond what was
 * paid; each refund changes the order and is notified like any change. The same Idempotency-Key
 * with the same amount answers the first refund again.
 */
@CommandHandler(RefundOrder)
export class RefundOrderHandler implements ICommandHandler<
  RefundOrder,
  { refund: StoredRefund; order: Order; replayed: boolean }
> {
  constructor(
    private readonly orders: OrderStore,
    private readonly directory: MerchantDirectory,
    private readonly changes: OrderChanges,
    private readonly commands: CommandBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({
    caller,
    orderId,
    idempotencyKey,
    amount,
  }: RefundOrder): Promise<{ refund: StoredRefund; order: Order; replayed: boolean }> {
    if (!isUuid(orderId)) throw notFound('The order');
    const fingerprint = createHash('sha256').update(`refund:${amount}`).digest('hex');
    return this.unitOfWork.run(async () => {
      const order = await this.orders.lock(orderId);
      if (order?.miniAppId !== caller.miniAppId) throw notFound('The order');
      const earlier = await this.orders.findRefund(order.id, idempotencyKey);
      if (earlier) {
        if (earlier.requestFingerprint !== fingerprint)
          throw new ProblemError(
            422,
            'idempotency-key-reused',
            'Idempotency-Key reused',
            'This Idempotency-Key was used for a refund of another amount; use a new key for a new refund.',
          );
        return { refund: earlier, order, replayed: true };
      }
      const next = afterRefund(order, BigInt(amount));
      if ('refusal' in next) {
        if (next.refusal === 'not-paid')
          throw new ProblemError(409, 'order-not-paid', 'Order not paid', 'Only a paid order can be refunded.');
        throw new ProblemError(
          422,
          'exceeds-refundable',
          'Refund too large',
          `At most ${next.refundable} minor units of this order are left to refund.`,
          [{ pointer: '#/amount', detail: `must be at most ${next.refundable}` }],
        );
      }
      const merchantAccountId = await this.directory.accountOf(order.miniAppId, order.currency);
      const id = newId();
      const receipt = await this.commands.execute<RefundMerchantPayment, RefundReceipt>(
        new RefundMerchantPayment({
          merchantAccountId: merchantAccountId!,
          paymentTransferId: order.paymentTransferId!,
          amount,
          reference: `order:${order.id}:refund:${order.sequence}`,
          // One key per change of the order, whatever the caller's key: a refund the wallet (in another process)
          // committed while this transaction was lost is found again by a retry, not given twice.
          idempotencyKey: `order:${order.id}:${order.sequence}`,
        }),
      );
      if (receipt.status === 'failed')
        throw new ProblemError(
          422,
          'insufficient-funds',
          'Insufficient funds',
          "The mini-app's merchant account holds less than the refund.",
        );
      const now = this.clock.now();
      const refund: StoredRefund = {
        id,
        orderId: order.id,
        amount: BigInt(amount),
        transferId: receipt.refundTransferId,
        requestFingerprint: fingerprint,
        createdAt: now,
      };
      await this.orders.saveRefund({ ...refund, idempotencyKey });
      const changed = await this.changes.apply(order.id, {
        state: next.state,
        refundedAmount: next.refundedAmount,
        at: now,
      });
      return { refund, order: changed, replayed: false };
    });
  }
}
