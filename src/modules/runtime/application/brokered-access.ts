import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Clock } from '../../../platform/time/clock';
import type { Scope } from '../../../shared/contracts/review';
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

const OUTCOME: Record<AccessAnswer['state'], ScopeOutcome> = { granted: 'allowed', denied: 'denied', 'not-asked': 'not-asked', 'not-declared': 'not-declared' };

/**
 * Whether the user's grant lets the mini-app of a launch have something of theirs under a scope,
 * recorded in the access log whatever the answer: the raw material of the user's privacy report.
 */
@Injectable()
export class BrokeredAccess {
  constructor(
    private readonly consents: ConsentLedger,
    private readonly accessLog: AccessLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  use({ launch, app }: OpenLaunch, scope: Scope): Promise<AccessAnswer> {
    return this.unitOfWork.run(async () => {
      const purpose = purposeOf(app, scope);
      const decision = (await this.consents.decisions(launch.userId, app.miniAppId)).find((d) => d.scope === scope);
      const state = purpose === undefined ? 'not-declared' : consentState(decision, purpose);
      await this.accessLog.record({ userId: launch.userId, miniAppId: app.miniAppId, launchId: launch.id, scope, outcome: OUTCOME[state], at: this.clock.now() });
      return { scope, allowed: state === 'granted', state };
    });
  }
}
