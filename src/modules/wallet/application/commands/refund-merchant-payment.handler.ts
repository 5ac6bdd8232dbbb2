import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Idempotency } from '../../../../platform/idempotency/idempotency';
import { receiptOncePerKey } from '../receipt-once-per-key';
import { messageContext } from '../../../../platform/messaging/message-context';
import { RefundMerchantPayment, type RefundReceipt } from '../../../../shared/contracts/wallet';
import { isAmount } from '../../../../shared/kernel/money';
import { invalid, ProblemError } from '../../../../shared/kernel/problem';
import { TransferRepository } from '../ports/transfer-repository';
import { Refunds } from '../refunds';

/** A module gives back (part of) a payment it took with PayMerchant, from the merchant's account; a merchant short of money is a `failed` receipt. */
@CommandHandler(RefundMerchantPayment)
export class RefundMerchantPaymentHandler implements ICommandHandler<RefundMerchantPayment, RefundReceipt> {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly refunds: Refunds,
    private readonly unitOfWork: UnitOfWork,
    private readonly idempotency: Idempotency,
  ) {}

  async execute({ request }: RefundMerchantPayment): Promise<RefundReceipt> {
    if (!isAmount(request.amount))
      throw invalid('validation', 'Invalid refund', 'The amount must be a positive whole number of minor units.');
    const { receipt } = await receiptOncePerKey(
      this.idempotency,
      {
        scope: `refund:${messageContext.current().sender ?? 'unknown'}:${request.paymentTransferId}`,
        key: request.idempotencyKey,
        request,
      },
      () => this.refund(request),
      // A merchant short of money tops up and tries again under the same key (its order has not changed).
      (receipt) => receipt.status === 'completed',
    );
    return receipt;
  }

  private refund(request: RefundMerchantPayment['request']): Promise<RefundReceipt> {
    return this.unitOfWork.run(async () => {
      const original = await this.transfers.findById(request.paymentTransferId);
      if (original?.kind !== 'payment' || original.creditAccountId !== request.merchantAccountId) {
        throw new ProblemError(
          404,
          'transfer-not-found',
          'Payment not found',
          'No payment into this merchant account has this id.',
        );
      }
      try {
        // A savepoint: a refused posting leaves the sender's unit of work usable.
        const refund = await this.unitOfWork.run(
          () =>
            this.refunds.giveBack(original, BigInt(request.amount), {
              actor: `module:${messageContext.current().sender ?? 'unknown'}`,
              reference: request.reference,
            }),
          { nested: true },
        );
        return { status: 'completed', refundTransferId: refund.id };
      } catch (error) {
        if (error instanceof ProblemError && error.code === 'insufficient-funds')
          return { status: 'failed', reason: 'insufficient-funds' };
        throw error;
      }
    });
  }
}
