import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { PaymentFailed } from '../../../../shared/contracts/wallet';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { Currencies } from '../currencies';
import { Ledger } from '../ledger';
import { AccountRepository } from '../ports/account-repository';
import { InstrumentRepository } from '../ports/instrument-repository';
import { type DeclineReason, PaymentProvider } from '../ports/payment-provider';
import type { Transfer } from '../ports/transfer-repository';
import { WalletMetrics } from '../ports/wallet-metrics';
import { SpendingGuard } from '../spending-guard';
import { WalletOpener } from '../wallet-opener';

export class TopUp extends Command<Transfer | ProblemError> {
  constructor(
    readonly userId: string,
    readonly instrumentId: string,
    readonly amount: bigint,
    readonly currency: string,
    /** The request's idempotency key: the provider's charge is made with it, so a retried top-up is one charge. */
    readonly idempotencyKey: string,
  ) {
    super();
  }
}

const DECLINES: Record<DeclineReason, string> = {
  'card-declined': 'The card was declined by its issuer.',
  'card-insufficient-funds': 'The card has insufficient funds.',
  'card-expired': 'The card has expired.',
};

/**
 * Funds the wallet: charges the instrument through the payment provider, then posts the money
 * from the funding account into the user's. A decline moves nothing; it is recorded
 * (`wallet.payment-failed`, the metric) and *returned*, not thrown, so that record commits while
 * the caller still answers 402.
 */
@CommandHandler(TopUp)
export class TopUpHandler implements ICommandHandler<TopUp, Transfer | ProblemError> {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly accounts: AccountRepository,
    private readonly provider: PaymentProvider,
    private readonly opener: WalletOpener,
    private readonly ledger: Ledger,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly metrics: WalletMetrics,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, instrumentId, amount, currency, idempotencyKey }: TopUp): Promise<Transfer | ProblemError> {
    this.currencies.require(currency);
    this.limits.checkSingle(amount, currency);
    return this.unitOfWork.run(async () => {
      const instrument = await this.instruments.findOwned(userId, instrumentId);
      if (!instrument) throw notFound('The instrument');
      const funding = await this.accounts.systemAccountId('funding', currency);
      const charge = await this.provider.charge({ token: instrument.providerToken, amount, currency, idempotencyKey: `${userId}:${idempotencyKey}` });
      if (charge.status === 'declined') {
        await this.eventBus.publish(new PaymentFailed({ merchantAccountId: funding, payerUserId: userId, amount: Number(amount), currency, reason: charge.reason, failedAt: new Date().toISOString() }));
        this.unitOfWork.afterCommit(() => this.metrics.paymentFailed(funding));
        return new ProblemError(402, charge.reason, 'Payment declined', DECLINES[charge.reason]);
      }
      const account = await this.opener.open(userId, currency);
      const [transfer] = await this.ledger.post({
        currency,
        legs: [{ kind: 'top-up', debit: funding, credit: account.id, amount }],
        actor: `user:${userId}`,
        action: 'transfer.top-up',
        reference: charge.chargeId,
        note: instrument.kind === 'card' ? `${instrument.brand} •••• ${instrument.last4}` : `bank account ${instrument.ibanMasked}`,
      });
      return transfer;
    });
  }
}
