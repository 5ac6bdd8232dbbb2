import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { PaymentFailed } from '../../../shared/contracts/wallet';
import { ProblemError } from '../../../shared/kernel/problem';
import { Ledger } from './ledger';
import { AccountRepository } from './ports/account-repository';
import { type ChargeOutcome, type DeclineReason, PaymentProvider } from './ports/payment-provider';
import { TopUpJournal, type TopUpRecord } from './ports/top-up-journal';
import { type Transfer, TransferRepository } from './ports/transfer-repository';
import { WalletMetrics } from './ports/wallet-metrics';
import { WalletOpener } from './wallet-opener';

const DECLINES: Record<DeclineReason, string> = {
  'card-declined': 'The card was declined by its issuer.',
  'card-insufficient-funds': 'The card has insufficient funds.',
  'card-expired': 'The card has expired.',
};

/**
 * Finishes a journalled top-up, inside the caller's unit of work: charges the instrument with the
 * top-up's own idempotency key (so charging again after a crash or a lost answer is the same
 * charge), then posts the money from the funding account, or records the decline. A top-up that
 * is already resolved answers its outcome again. The request and the recovery sweep both end here.
 */
@Injectable()
export class TopUpSettlement {
  constructor(
    private readonly journal: TopUpJournal,
    private readonly provider: PaymentProvider,
    private readonly accounts: AccountRepository,
    private readonly transfers: TransferRepository,
    private readonly opener: WalletOpener,
    private readonly ledger: Ledger,
    private readonly metrics: WalletMetrics,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** `actor` is who the audit log names: the user, or the recovery sweep acting for them. */
  async finish(topUpId: string, actor: string): Promise<Transfer | ProblemError> {
    const topUp = await this.journal.lock(topUpId);
    if (!topUp) throw new Error(`top-up ${topUpId} is not in the journal`);
    if (topUp.status === 'succeeded') return (await this.transfers.findById(topUp.transferId!))!;
    if (topUp.status === 'declined') return declined(topUp.declineReason as DeclineReason);
    const charge = await this.charge(topUp);
    return charge.status === 'declined'
      ? this.recordDecline(topUp, charge.reason)
      : this.post(topUp, charge.chargeId, actor);
  }

  private async charge(topUp: TopUpRecord): Promise<ChargeOutcome> {
    try {
      return await this.provider.charge({
        token: topUp.providerToken,
        amount: topUp.amount,
        currency: topUp.currency,
        idempotencyKey: `top-up:${topUp.id}`,
      });
    } catch {
      throw new ProblemError(
        502,
        'payment-provider-unavailable',
        'Payment provider unavailable',
        'The payment provider did not answer, so the outcome of this top-up is not known yet. Retry with the same Idempotency-Key to learn it; the top-up is never charged twice.',
      );
    }
  }

  private async post(topUp: TopUpRecord, chargeId: string, actor: string): Promise<Transfer> {
    const funding = await this.accounts.systemAccountId('funding', topUp.currency);
    const account = await this.opener.open(topUp.userId, topUp.currency);
    // Erasure is refused while a top-up is pending, so only a top-up begun during the erasure's own check lands here.
    if (!account) throw new Error(`top-up ${topUp.id}: its owner's wallet was closed by an erasure`);
    const [transfer] = await this.ledger.post({
      currency: topUp.currency,
      legs: [{ kind: 'top-up', debit: funding, credit: account.id, amount: topUp.amount }],
      actor,
      action: 'transfer.top-up',
      reference: chargeId,
      note: topUp.description,
    });
    await this.journal.resolve(topUp.id, { status: 'succeeded', chargeId, transferId: transfer.id });
    return transfer;
  }

  private async recordDecline(topUp: TopUpRecord, reason: DeclineReason): Promise<ProblemError> {
    const funding = await this.accounts.systemAccountId('funding', topUp.currency);
    await this.eventBus.publish(
      new PaymentFailed({
        merchantAccountId: funding,
        payerUserId: topUp.userId,
        amount: Number(topUp.amount),
        currency: topUp.currency,
        reason,
        failedAt: new Date().toISOString(),
      }),
    );
    await this.journal.resolve(topUp.id, { status: 'declined', declineReason: reason });
    this.unitOfWork.afterCommit(() => this.metrics.paymentFailed('top-up', reason));
    return declined(reason);
  }
}

function declined(reason: DeclineReason): ProblemError {
  return new ProblemError(402, reason, 'Payment declined', DECLINES[reason]);
}
