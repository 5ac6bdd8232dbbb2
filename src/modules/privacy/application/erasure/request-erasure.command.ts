import { randomUUID } from 'node:crypto';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { MODULE_CONTRACTS, type ModuleContract } from '../../../../platform/messaging/module-contract';
import { Clock } from '../../../../platform/time/clock';
import { ConfirmPassword, EndAllSessions } from '../../../../shared/contracts/identity';
import { ErasureRequested } from '../../../../shared/contracts/privacy';
import { CloseWalletForErasure } from '../../../../shared/contracts/wallet';
import { ProblemError } from '../../../../shared/kernel/problem';
import { type Erasure, Erasures } from '../ports/erasures';
import { RequestTallies } from '../ports/request-tallies';
import { ExportStore } from '../ports/export-store';
import { erasureParticipants } from './erasure-participants';

export class RequestErasure extends Command<Erasure> {
  constructor(
    readonly userId: string,
    readonly password: string,
  ) {
    super();
  }
}

/**
 * Takes a person's erasure request (GDPR Art. 17). In order, each step leaving nothing half done:
 * the password is checked (identity; a wrong one counts against the login lockout); the wallet
 * closes the person's accounts, or refuses while they hold money (nothing happened then); the
 * request and `privacy.erasure-requested` commit together; then every session ends and every
 * access token stops working, at once. Identity's own erasure ends them again should that last
 * step fail, so an accepted request never leaves the account usable for long. Asked again while
 * one runs, the running one comes back.
 */
@CommandHandler(RequestErasure)
export class RequestErasureHandler implements ICommandHandler<RequestErasure, Erasure> {
  private readonly participants: string[];
  private readonly logger = new Logger('Erasure');

  constructor(
    private readonly erasures: Erasures,
    private readonly tallies: RequestTallies,
    private readonly exports: ExportStore,
    private readonly commands: CommandBus,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(MODULE_CONTRACTS) contracts: readonly ModuleContract[],
  ) {
    this.participants = erasureParticipants(contracts);
  }

  async execute({ userId, password }: RequestErasure): Promise<Erasure> {
    const open = await this.unitOfWork.run(() => this.erasures.openFor(userId));
    if (open) return open;
    await this.commands.execute(new ConfirmPassword(userId, password));
    await this.commands.execute(new CloseWalletForErasure(userId));
    // Random, not time-ordered: the id is the capability to its public status page.
    const id = randomUUID();
    const recorded = await this.unitOfWork.run(async () => {
      const requestedAt = this.clock.now();
      if (!(await this.erasures.insert({ id, userId, requestedAt, modules: this.participants }))) return false;
      await this.tallies.count('erasure', requestedAt);
      // Privacy's own part: the person's data exports (archives included) go with the request.
      await this.exports.deleteAllOf(userId);
      await this.eventBus.publish(
        new ErasureRequested({ erasureId: id, userId, requestedAt: requestedAt.toISOString() }),
      );
      return true;
    });
    // Accepted is accepted: should ending the sessions fail here, identity's own erasure ends them again.
    await this.commands
      .execute(new EndAllSessions(userId))
      .catch((error: unknown) => this.logger.warn(`ending the sessions of an erased account failed: ${String(error)}`));
    const erasure = await this.unitOfWork.run(async () =>
      recorded ? this.erasures.find(id) : ((await this.erasures.openFor(userId)) ?? this.erasures.find(id)),
    );
    if (!erasure) throw new ProblemError(409, 'erasure-finished', 'Already erased', 'This account was just erased.');
    return erasure;
  }
}
