import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProblemError } from '../../../../shared/kernel/problem';
import { Currencies } from '../currencies';
import { Ledger } from '../ledger';
import { AccountRepository } from '../ports/account-repository';
import type { Transfer } from '../ports/transfer-repository';
import { SpendingGuard } from '../spending-guard';
import { WalletOpener } from '../wallet-opener';

export class SendMoney extends Command<Transfer> {
  constructor(
    readonly senderId: string,
    readonly recipientId: string,
    readonly amount: bigint,
    readonly currency: string,
    readonly note: string | null,
  ) {
    super();
  }
}

/** Person to person: from the sender's account in the currency to the recipient's, opened for them if they had none in it. */
@CommandHandler(SendMoney)
export class SendMoneyHandler implements ICommandHandler<SendMoney, Transfer> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly opener: WalletOpener,
    private readonly ledger: Ledger,
    private readonly limits: SpendingGuard,
    private readonly currencies: Currencies,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ senderId, recipientId, amount, currency, note }: SendMoney): Promise<Transfer> {
    this.currencies.require(currency);
    if (senderId === recipientId) throw sendingToYourself();
    return this.unitOfWork.run(async () => {
      // Both accounts in one statement, locked in id order: locking the sender first could deadlock with a payment the other way.
      const byOwner = await this.accounts.lockUserAccounts([senderId, recipientId], currency);
      const source = byOwner.get(senderId);
      if (!source) throw nothingToSendFrom(currency);
      let target = byOwner.get(recipientId);
      const bothLocked = target !== undefined;
      if (!target) {
        const noRecipient = () =>
          new ProblemError(404, 'recipient-not-found', 'Recipient not found', 'No user with a wallet has this id.');
        if (!(await this.accounts.hasWallet(recipientId))) throw noRecipient();
        // First money in this currency: opened now, and locked by the posting (a deadlock there, should two
        // first payments race, is retried by PostgreSQL's detector and the idempotency layer).
        target = (await this.opener.open(recipientId, currency)) ?? undefined;
        if (!target) throw noRecipient();
      }
      await this.limits.checkOutgoing(source, amount);
      const [transfer] = await this.ledger.post({
        currency,
        legs: [{ kind: 'p2p', debit: source.id, credit: target.id, amount }],
        actor: `user:${senderId}`,
        action: 'transfer.p2p',
        note,
        locked: bothLocked
          ? new Map([
              [source.id, source],
              [target.id, target],
            ])
          : undefined,
      });
      return transfer;
    });
  }
}

export const sendingToYourself = (): ProblemError =>
  new ProblemError(422, 'same-account', 'Same account', 'Money cannot be sent to yourself.', [
    { pointer: '#/toUserId', detail: 'must be another user' },
  ]);

export const nothingToSendFrom = (currency: string): ProblemError =>
  new ProblemError(422, 'insufficient-funds', 'Insufficient funds', `You have no ${currency} balance to send from.`);
