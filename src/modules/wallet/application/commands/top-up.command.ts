import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { idempotencyKeyReused } from '../../../../platform/idempotency/idempotency';
import { newId } from '../../../../shared/kernel/ids';
import { notFound, type ProblemError } from '../../../../shared/kernel/problem';
import { Currencies } from '../currencies';
import { InstrumentRepository, type Instrument } from '../ports/instrument-repository';
import { TopUpJournal, type TopUpRecord } from '../ports/top-up-journal';
import type { Transfer } from '../ports/transfer-repository';
import { SpendingGuard } from '../spending-guard';
import { TopUpSettlement } from '../top-up-settlement';

export class TopUp extends Command<Transfer | ProblemError> {
  constructor(
    readonly userId: string,
    readonly instrumentId: string,
    readonly amount: bigint,
    readonly currency: string,
    /** The request's idempotency key: a retried request finds the top-up it started, and never charges twice. */
    readonly idempotencyKey: string,
  ) {
    super();
  }
}

/**
 * Funds the wallet from a card or bank account. The top-up is journalled and committed before the
 * charge, so a crash or a lost answer from the provider leaves a pending top-up that a retry with
 * the same key, or the recovery sweep, finishes. A decline moves nothing; it is recorded
 * (`wallet.payment-failed`, the metric) and *returned*, not thrown, so that record commits while
 * the caller still answers 402.
 */
@CommandHandler(TopUp)
export class TopUpHandler implements ICommandHandler<TopUp, Transfer | ProblemError> {
  constructor(
    private readonly instruments: InstrumentRepository,
    private readonly journal: TopUpJournal,
    private readonly settlement: TopUpSettlement,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, instrumentId, amount, currency, idempotencyKey }: TopUp): Promise<Transfer | ProblemError> {
    this.currencies.require(currency);
    this.limits.checkSingle(amount, currency);
    return this.unitOfWork.run(async () => {
      // A retry finds the top-up its first try started, even if the card was removed since.
      const started = await this.journal.findByRequest(userId, idempotencyKey);
      if (started) return this.finish(started, { instrumentId, amount, currency });
      const instrument = await this.instruments.findOwned(userId, instrumentId);
      if (!instrument) throw notFound('The instrument');
      const topUp = await this.journal.open({
        id: newId(),
        userId,
        idempotencyKey,
        instrumentId,
        providerToken: instrument.providerToken,
        description: describe(instrument),
        amount,
        currency,
      });
      return this.finish(topUp, { instrumentId, amount, currency });
    });
  }

  private finish(
    topUp: TopUpRecord,
    asked: { instrumentId: string; amount: bigint; currency: string },
  ): Promise<Transfer | ProblemError> {
    // The first request with this key got no answer stored (it failed, or its answer was lost), so the interceptor
    // cannot tell; the journal can. Naming the fields keeps this refusal from being stored: the key stays the first request's.
    const changed = (['instrumentId', 'amount', 'currency'] as const).filter((field) => topUp[field] !== asked[field]);
    if (changed.length)
      throw idempotencyKeyReused(
        changed.map((field) => ({
          pointer: `#/${field}`,
          detail: 'differs from the first request with this Idempotency-Key',
        })),
      );
    return this.settlement.finish(topUp.id, `user:${topUp.userId}`);
  }
}

const describe = (instrument: Instrument): string =>
  instrument.kind === 'card' ? `${instrument.brand} •••• ${instrument.last4}` : `bank account ${instrument.ibanMasked}`;
