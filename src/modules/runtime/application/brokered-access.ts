import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Clock } from '../../../platform/time/clock';
import type { Scope } from '../../../shared/contracts/review';
import { ScopeUsed } from '../../../shared/contracts/runtime';
import { ProblemError } from '../../../shared/kernel/problem';
import { type ConsentState, consentState } from '../domain/consent';
import { purposeOf } from '../domain/live-mini-app';
import type { OpenLaunch } from './open-launches';
import { AccessLog, type ScopeOutcome } from './ports/access-log';
import { ConsentLedger } from './ports/consent-ledger';

export interface AccessAnswer {
  scope: Scope;
  allowed: boolean;
  /** `not-declared`: the live manifest does not declare the scope, so no grant can ever allow it. */
  state: ConsentState | 'not-declared';
}

const OUTCOME: Record<AccessAnswer['state'], ScopeOutcome> = {
  granted: 'allowed',
  denied: 'denied',
  'not-asked': 'not-asked',
  'not-declared': 'not-declared',
};

/**
 * Whether the user's grant lets the mini-app of a launch have something of theirs under a scope,
 * recorded in the access log whatever the answer; a use that was allowed is announced
 * (`runtime.scope-used`) for the user's privacy report.
 */
@Injectable()
export class BrokeredAccess {
  constructor(
    private readonly consents: ConsentLedger,
    private readonly accessLog: AccessLog,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  use(open: OpenLaunch, scope: Scope): Promise<AccessAnswer> {
    return this.unitOfWork.run(async () => {
      const answer = await this.check(open, scope);
      const { launch, app } = open;
      const at = this.clock.now();
      await this.accessLog.record({
        userId: launch.userId,
        miniAppId: app.miniAppId,
        launchId: launch.id,
        scope,
        outcome: OUTCOME[answer.state],
        at,
      });
      if (answer.allowed)
        await this.eventBus.publish(
          new ScopeUsed({ userId: launch.userId, miniAppId: app.miniAppId, scope, at: at.toISOString() }),
        );
      return answer;
    });
  }

  /** `use` that must be allowed: a 403 problem otherwise (logged either way). */
  async require(open: OpenLaunch, scope: Scope): Promise<void> {
    const answer = await this.use(open, scope);
    if (!answer.allowed) throw permissionDenied(answer);
  }

  /** The answer without a use: for what the shell shows the user alone, before anything is handed over. */
  async check({ launch, app }: OpenLaunch, scope: Scope): Promise<AccessAnswer> {
    const purpose = purposeOf(app, scope);
    const decision = (await this.consents.decisions(launch.userId, app.miniAppId)).find((d) => d.scope === scope);
    const state = purpose === undefined ? 'not-declared' : consentState(decision, purpose);
    return { scope, allowed: state === 'granted', state };
  }
}

export const permissionDenied = ({ scope, state }: AccessAnswer) =>
  new ProblemError(
    403,
    'permission-denied',
    'Permission denied',
    `The user has not granted this mini-app ${scope} (it is ${state}).`,
  );
