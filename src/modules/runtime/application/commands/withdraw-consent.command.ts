import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { SCOPES, type Scope } from '../../../../shared/contracts/review';
import { ConsentWithdrawn } from '../../../../shared/contracts/runtime';
import { notFound } from '../../../../shared/kernel/problem';
import { ConsentLedger } from '../ports/consent-ledger';
import { MiniAppDirectory } from '../ports/mini-app-directory';

export class WithdrawConsent extends Command<void> {
  constructor(
    readonly userId: string,
    readonly slug: string,
    readonly scope: string,
  ) {
    super();
  }
}

/**
 * The user takes a decision back (a grant, or a denial): the scope is "not asked" again. Works
 * for a mini-app that is no longer live too; withdrawing nothing changes nothing.
 */
@CommandHandler(WithdrawConsent)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsent, void> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly consents: ConsentLedger,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ userId, slug, scope }: WithdrawConsent): Promise<void> {
    return this.unitOfWork.run(async () => {
      const app = await this.directory.bySlug(slug);
      if (!app) throw notFound('The mini-app');
      if (!(SCOPES as readonly string[]).includes(scope)) return;
      await withdrawAndAnnounce(this.consents, this.eventBus, userId, app.miniAppId, scope as Scope, this.clock.now());
    });
  }
}

/** Withdraws one decision, in turn with any other on it, and announces `runtime.consent-withdrawn` when there was one. */
export async function withdrawAndAnnounce(
  consents: ConsentLedger,
  eventBus: EventBus,
  userId: string,
  miniAppId: string,
  scope: Scope,
  at: Date,
): Promise<void> {
  await consents.takeTurn(userId, miniAppId, scope);
  const withdrawn = await consents.withdraw(userId, miniAppId, scope, at);
  if (withdrawn)
    await eventBus.publish(
      new ConsentWithdrawn({
        userId,
        miniAppId,
        scope: withdrawn.scope,
        manifestVersion: withdrawn.manifestVersion,
        at: at.toISOString(),
      }),
    );
}
