import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Idempotency } from '../../../../platform/idempotency/idempotency';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { messageContext } from '../../../../platform/messaging/message-context';
import { PayMerchant, PaymentFailed, type PaymentReceipt } from '../../../../shared/contracts/wallet';
import { isAmount } from '../../../../shared/kernel/money';
import { invalid, ProblemError } from '../../../../shared/kernel/problem';
import { Currencies } from '../currencies';
import { receiptOncePerKey } from '../receipt-once-per-key';
import { Ledger } from '../ledger';
import { AccountRepository } from '../ports/account-repository';
import { WalletMetrics } from '../ports/wallet-metrics';
import { SpendingGuard } from '../spending-guard';

const FAILURES = new Set(['insufficient-funds', 'limit-exceeded', 'currency-mismatch']);

/**
 * A module takes a user's money for a merchant: payment and fee post together or not at all,
 * idempotently per payer and key (the same key and request give the first receipt again).
 */
@CommandHandler(PayMerchant)
export class PayMerchantHandler implements ICommandHandler<PayMerchant, PaymentReceipt> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly ledger: Ledger,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly idempotency: Idempotency,
    private readonly metrics: WalletMetrics,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ request }: PayMerchant): Promise<PaymentReceipt> {
    if (!isAmount(request.amount))
      throw invalid('validation', 'Invalid payment', 'The amount must be a positive whole number of minor units.');
    if (!Number.isSafeInteger(request.fee) || request.fee < 0 || request.fee > request.amount)
      throw invalid('validation', 'Invalid payment', 'The fee must be a whole number between 0 and the amount.');
    this.currencies.require(request.currency);
    // Keys are the sending module's, per payer: two modules may use the same key for one payer without meeting.
    const { receipt, replayed } = await receiptOncePerKey(
      this.idempotency,
      {
        scope: `payment:${messageContext.current().sender ?? 'unknown'}:${request.payerUserId}`,
        key: request.idempotencyKey,
        request,
      },
      () => this.pay(request),
    );
    return replayed ? { ...receipt, replayed: true } : receipt;
  }

  private async pay(request: PayMerchant['request']): Promise<PaymentReceipt> {
    const merchant = await this.accounts.findById(request.merchantAccountId);
    if (merchant?.kind !== 'merchant')
      throw new ProblemError(404, 'account-not-found', 'Merchant not found', 'No merchant account has this id.');
    const payer = await this.accounts.findUserAccount(request.payerUserId, request.currency);
    const fees = request.fee > 0 ? await this.accounts.systemAccountId('fees', request.currency) : null;
    try {
      if (!payer)
        throw new ProblemError(
          422,
          'insufficient-funds',
          'Insufficient funds',
          `The payer has no ${request.currency} balance.`,
        );
      // Everything at once, in id order, before the limit is counted: the payer's allowance cannot be spent twice meanwhile.
      const locked = await this.ledger.lock(
        [payer.id, merchant.id, ...(fees ? [fees] : [])],
        () => new ProblemError(404, 'account-not-found', 'Account not found', 'An account vanished.'),
      );
      await this.limits.checkOutgoing(locked.get(payer.id)!, BigInt(request.amount));
      // A savepoint: a refused posting leaves the sender's unit of work usable for recording the refusal.
      const transfers = await this.unitOfWork.run(
        () =>
          this.ledger.post({
            currency: request.currency,
            legs: [
              { kind: 'payment', debit: payer.id, credit: merchant.id, amount: BigInt(request.amount) },
              ...(fees
                ? [{ kind: 'fee' as const, debit: merchant.id, credit: fees, amount: BigInt(request.fee) }]
                : []),
            ],
            actor: `module:${messageContext.current().sender ?? 'unknown'}`,
            action: 'payment.merchant',
            reference: request.reference,
          }),
        { nested: true },
      );
      return {
        status: 'completed',
        paymentTransferId: transfers[0].id,
        feeTransferId: transfers[1]?.id ?? null,
        replayed: false,
      };
    } catch (error) {
      if (!(error instanceof ProblemError) || !FAILURES.has(error.code)) throw error;
      const reason = error.code as 'insufficient-funds' | 'limit-exceeded' | 'currency-mismatch';
      await this.eventBus.publish(
        new PaymentFailed({
          merchantAccountId: merchant.id,
          payerUserId: request.payerUserId,
          amount: request.amount,
          currency: request.currency,
          reason,
          failedAt: new Date().toISOString(),
        }),
      );
      this.unitOfWork.afterCommit(() => this.metrics.paymentFailed('merchant-payment', reason));
      return { status: 'failed', reason, replayed: false };
    }
  }
}
