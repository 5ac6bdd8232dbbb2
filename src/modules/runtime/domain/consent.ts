import type { Scope } from '../../../shared/contracts/review';

/** Tri-state, as WeChat's authSetting: no decision is "not asked". */
export type ConsentState = 'granted' | 'denied' | 'not-asked';
export type DecisionState = Exclude<ConsentState, 'not-asked'>;
/** What the ledger records: a decision, its withdrawal, or its lapse when the purpose changed. */
export type ConsentAction = DecisionState | 'withdrawn' | 'expired';

/** A user's current decision on one scope of one mini-app, bound to the purpose they were shown. */
export interface ConsentDecision {
  scope: Scope;
  state: DecisionState;
  purpose: string;
  manifestVersion: string;
  decidedAt: Date;
}

/**
 * The state of a scope for the live manifest: a decision made under another purpose than the
 * live one counts for nothing (the user is asked again), and so does one on a scope the live
 * manifest no longer declares.
 */
export function consentState(
  decision: Pick<ConsentDecision, 'state' | 'purpose'> | undefined,
  livePurpose: string | undefined,
): ConsentState {
  if (!decision || livePurpose === undefined || decision.purpose !== livePurpose) return 'not-asked';
  return decision.state;
}
