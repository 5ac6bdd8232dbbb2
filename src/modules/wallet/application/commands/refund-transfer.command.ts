import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import type { TransferKind } from '../../../../shared/contracts/wallet';
import { forbidden, notFound, ProblemError } from '../../../../shared/kernel/problem';
import { AccountRepository } from '../ports/account-repository';
import { type Transfer, TransferRepository } from '../ports/transfer-repository';
import { Refunds } from '../refunds';

/** Money one party paid another; top-ups, fees and refunds themselves are not given back this way. */
const REFUNDABLE: readonly TransferKind[] = ['p2p', 'payment', 'hold-capture'];

export class RefundTransfer extends Command<Transfer> {
  constructor(
    readonly userId: string,
    readonly transferId: string,
    readonly amount: bigint | undefined,
  ) {
    super();
  }
}

/**
 * The payee gives back all or part of a transfer it received, never more than is left; the payer cannot pull money back.
 * A merchant payment is refunded through payments instead (RefundMerchantPayment), never here.
 */
@CommandHandler(RefundTransfer)
export class RefundTransferHandler implements ICommandHandler<RefundTransfer, Transfer> {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly accounts: AccountRepository,
    private readonly refunds: Refunds,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, transferId, amount }: RefundTransfer): Promise<Transfer> {
    return this.unitOfWork.run(async () => {
      const original = await this.transfers.findById(transferId);
      if (!original) throw notFound('The transfer');
      const [payee, payer] = await Promise.all([
        this.accounts.findById(original.creditAccountId),
        this.accounts.findById(original.debitAccountId),
      ]);
      if (payee?.ownerId !== userId) {
        if (payer?.ownerId === userId) throw forbidden('Only the payee can refund a transfer; ask them to.');
        throw notFound('The transfer');
      }
      // A merchant payment's order, state and notifications live in payments: a refund from here would bypass them.
      // (A hold captured into a merchant account has no order, and is refunded here.)
      if (payee.kind === 'merchant' && original.kind === 'payment')
        throw new ProblemError(
          422,
          'refund-through-payments',
          'Refunded through payments',
          "A payment to a mini-app's merchant account is refunded by the merchant through payments (POST /payments/orders/{id}/refunds), so the order and its notifications follow.",
        );
      if (!REFUNDABLE.includes(original.kind))
        throw new ProblemError(
          422,
          'not-refundable',
          'Not refundable',
          `A ${original.kind} transfer cannot be refunded.`,
        );
      return this.refunds.giveBack(original, amount, { actor: `user:${userId}` });
    });
  }
}
