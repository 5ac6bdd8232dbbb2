import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { messageContext } from '../../../../platform/messaging/message-context';
import { newId } from '../../../../shared/kernel/ids';
import { ProblemError } from '../../../../shared/kernel/problem';
import { Currencies } from '../currencies';
import { Ledger } from '../ledger';
import { AccountRepository } from '../ports/account-repository';
import { AuditLog } from '../ports/audit-log';
import { HoldRepository, type HoldRecord } from '../ports/hold-repository';
import { SpendingGuard } from '../spending-guard';

export class PlaceHold extends Command<HoldRecord> {
  constructor(
    readonly userId: string,
    readonly payeeAccountId: string,
    readonly amount: bigint,
    readonly currency: string,
    readonly expiresInSeconds: number,
  ) {
    super();
  }
}

/** The payer reserves money for a payee, as a card authorization does: it stops being available but has not moved. */
@CommandHandler(PlaceHold)
export class PlaceHoldHandler implements ICommandHandler<PlaceHold, HoldRecord> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly holds: HoldRepository,
    private readonly ledger: Ledger,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly audit: AuditLog,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, payeeAccountId, amount, currency, expiresInSeconds }: PlaceHold): Promise<HoldRecord> {
    this.currencies.require(currency);
    return this.unitOfWork.run(async () => {
      const payer = await this.accounts.findUserAccount(userId, currency);
      if (!payer)
        throw new ProblemError(
          422,
          'insufficient-funds',
          'Insufficient funds',
          `You have no ${currency} balance to reserve from.`,
        );
      const payee = await this.accounts.findById(payeeAccountId);
      if (!payee || payee.kind === 'system')
        throw new ProblemError(404, 'account-not-found', 'Account not found', 'No account can be paid with this id.');
      if (payee.id === payer.id)
        throw new ProblemError(422, 'same-account', 'Same account', 'A hold cannot pay your own account.');
      const locked = await this.ledger.lock(
        [payer.id, payee.id],
        () => new ProblemError(404, 'account-not-found', 'Account not found', 'An account vanished.'),
      );
      await this.limits.checkOutgoing(locked.get(payer.id)!, amount);
      await this.ledger.reserve(payer.id, payee.id, currency, { pendingDebits: amount, pendingCredits: amount });
      const hold = await this.holds.insert({
        id: newId(),
        payerAccountId: payer.id,
        payeeAccountId: payee.id,
        amount,
        currency,
        createdBy: `user:${userId}`,
        expiresAt: new Date(Date.now() + expiresInSeconds * 1000),
      });
      this.audit.append({
        occurredAt: new Date().toISOString(),
        actor: `user:${userId}`,
        action: 'hold.placed',
        subject: hold.id,
        details: {
          payer: payer.id,
          payee: payee.id,
          amount: String(amount),
          currency,
          expiresAt: hold.expiresAt.toISOString(),
        },
        requestId: messageContext.current().correlationId ?? null,
      });
      return hold;
    });
  }
}
