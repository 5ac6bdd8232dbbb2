import type { Scope } from '../../../shared/contracts/review';
import { type ConsentDecision, type ConsentState, consentState } from '../domain/consent';
import type { Permission } from '../domain/live-mini-app';

export interface ScopeState {
  scope: Scope;
  purpose: string;
  state: ConsentState;
}

/** Each scope the live manifest declares, with its purpose and the user's state for it. */
export function scopeStates(permissions: readonly Permission[], decisions: readonly ConsentDecision[]): ScopeState[] {
  return permissions.map(({ scope, purpose }) => ({
    scope,
    purpose,
    state: consentState(
      decisions.find((d) => d.scope === scope),
      purpose,
    ),
  }));
}
