import { Injectable } from '@nestjs/common';
import { notFound, ProblemError } from '../../../shared/kernel/problem';
import { refundAmount } from '../domain/refund';
import { Ledger } from './ledger';
import { type Transfer, TransferRepository } from './ports/transfer-repository';

/**
 * Gives back all or part of a transfer from its payee to its payer, never more than is left, inside
 * the caller's unit of work: a user refunding what they received, or a module refunding a merchant
 * payment. Who may ask is the caller's check.
 */
@Injectable()
export class Refunds {
  constructor(
    private readonly transfers: TransferRepository,
    private readonly ledger: Ledger,
  ) {}

  async giveBack(
    original: Transfer,
    amount: bigint | undefined,
    by: { actor: string; reference?: string | null },
  ): Promise<Transfer> {
    // Both accounts locked before counting what was refunded: two refunds of one transfer take turns.
    await this.ledger.lock([original.debitAccountId, original.creditAccountId], () => notFound('The transfer'));
    const decision = refundAmount(original.amount, await this.transfers.refundedSoFar(original.id), amount);
    if ('refusal' in decision) {
      const detail =
        decision.refusal === 'fully-refunded'
          ? 'This transfer has been refunded in full.'
          : `At most ${decision.refundable} minor units are left to refund.`;
      throw new ProblemError(
        422,
        decision.refusal === 'fully-refunded' ? 'fully-refunded' : 'exceeds-refundable',
        'Refund too large',
        detail,
      );
    }
    const [refund] = await this.ledger.post({
      currency: original.currency,
      legs: [
        {
          kind: 'refund',
          debit: original.creditAccountId,
          credit: original.debitAccountId,
          amount: decision.amount,
          reversesId: original.id,
        },
      ],
      actor: by.actor,
      action: 'transfer.refund',
      reference: by.reference ?? null,
    });
    return refund;
  }
}
