import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { messageContext } from '../../../../platform/messaging/message-context';
import { Clock } from '../../../../platform/time/clock';
import { CloseWalletForErasure } from '../../../../shared/contracts/wallet';
import { ProblemError } from '../../../../shared/kernel/problem';
import { AccountRepository } from '../ports/account-repository';
import { AuditLog } from '../ports/audit-log';
import { TopUpJournal } from '../ports/top-up-journal';

/**
 * Before an erasure, the person's accounts close for good, under their locks: money left in one
 * would belong to nobody, so an account that holds any (or has open holds), or a top-up still being
 * charged, refuses the erasure and the problem says what to do first. A mini-app's merchant accounts
 * are the mini-app's, not its developer's: they stay open, and its payments go on. The audit log
 * records each closing.
 */
@CommandHandler(CloseWalletForErasure)
export class CloseWalletForErasureHandler implements ICommandHandler<CloseWalletForErasure, void> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditLog,
    private readonly topUps: TopUpJournal,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ userId }: CloseWalletForErasure): Promise<void> {
    return this.unitOfWork.run(async () => {
      const owned = (await this.accounts.ownedBy(userId)).filter((account) => !account.miniAppId);
      const locked = [...(await this.accounts.lock(owned.map((a) => a.id))).values()];
      const holding = locked.filter((a) => a.balance.posted || a.balance.pendingDebits || a.balance.pendingCredits);
      if (holding.length) throw walletNotEmpty(holding.map((a) => `${a.kind} account ${a.id} (${a.currency})`));
      if (await this.topUps.hasPending(userId))
        throw new ProblemError(
          409,
          'top-up-pending',
          'A top-up is still being charged',
          'A top-up of yours has not settled yet: wait until it shows in your statement (or as declined), move the money out, then ask again.',
        );
      const open = locked.filter((a) => !a.closed);
      const at = this.clock.now();
      await this.accounts.close(
        open.map((a) => a.id),
        at,
      );
      for (const account of open)
        this.audit.append({
          occurredAt: at.toISOString(),
          actor: `user:${userId}`,
          action: 'account.closed-for-erasure',
          subject: account.id,
          details: { kind: account.kind, currency: account.currency },
          requestId: messageContext.current().correlationId ?? null,
        });
    });
  }
}

function walletNotEmpty(accounts: string[]): ProblemError {
  return new ProblemError(
    409,
    'wallet-not-empty',
    'Your wallet still holds money',
    `Erasure would leave money nobody can reach. Send the money out to another person, and wait for open holds to ` +
      `be captured or voided, then ask again; money in a merchant account of yours needs support to pay it out. ` +
      `Not empty: ${accounts.join(', ')}.`,
  );
}
