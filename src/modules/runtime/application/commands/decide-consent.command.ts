import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import type { Scope } from '../../../../shared/contracts/review';
import { ConsentDenied, ConsentGranted } from '../../../../shared/contracts/runtime';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { consentState, type DecisionState } from '../../domain/consent';
import { purposeOf } from '../../domain/live-mini-app';
import { ConsentLedger } from '../ports/consent-ledger';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import type { ScopeState } from '../scope-states';

export class DecideConsent extends Command<ScopeState> {
  constructor(
    readonly userId: string,
    readonly slug: string,
    readonly scope: string,
    readonly decision: DecisionState,
  ) {
    super();
  }
}

/**
 * The user grants or denies a scope, for the purpose the live manifest states: the decision is
 * recorded with that purpose and version (ledger and current view together) and published. A
 * scope the live manifest does not declare can never be granted; the same decision again changes nothing
 * (also when both arrive at once: decisions on one scope take turns, and are dated in that order).
 */
@CommandHandler(DecideConsent)
export class DecideConsentHandler implements ICommandHandler<DecideConsent, ScopeState> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly consents: ConsentLedger,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ userId, slug, scope, decision }: DecideConsent): Promise<ScopeState> {
    return this.unitOfWork.run(async () => {
      // Held: a publication changing the purpose (and expiring decisions) is applied before or after, never across this decision.
      const live = (await this.directory.bySlugHeld(slug))?.live;
      if (!live) throw notFound('The mini-app');
      const purpose = purposeOf(live, scope);
      if (purpose === undefined) throw scopeNotDeclared(slug, scope);
      const declared = scope as Scope;
      // Decisions on this scope take turns: each sees the one before, so the same decision twice is recorded once.
      await this.consents.takeTurn(userId, live.miniAppId, declared);
      const current = (await this.consents.decisions(userId, live.miniAppId)).find((d) => d.scope === declared);
      if (consentState(current, purpose) === decision) return { scope: declared, purpose, state: decision };
      const at = this.clock.now();
      await this.consents.decide(userId, live.miniAppId, {
        scope: declared,
        state: decision,
        purpose,
        manifestVersion: live.version,
        decidedAt: at,
      });
      const facts = {
        userId,
        miniAppId: live.miniAppId,
        scope: declared,
        purpose,
        manifestVersion: live.version,
        at: at.toISOString(),
      };
      await this.eventBus.publish(decision === 'granted' ? new ConsentGranted(facts) : new ConsentDenied(facts));
      return { scope: declared, purpose, state: decision };
    });
  }
}

const scopeNotDeclared = (slug: string, scope: string) =>
  new ProblemError(
    422,
    'scope-not-declared',
    'Scope not declared',
    `${slug}'s live manifest does not declare ${scope}; a scope it does not declare cannot be granted or denied.`,
    [{ pointer: '#/scope', detail: 'is not declared by the mini-app' }],
  );
