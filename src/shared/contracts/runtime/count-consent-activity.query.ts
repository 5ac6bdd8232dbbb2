import type { Scope } from '../review';

/** Per scope, how many distinct people did each thing in the period (true counts, for the privacy module to protect). */
export interface ConsentActivity {
  grants: Record<Scope, number>;
  withdrawals: Record<Scope, number>;
  /** People whose data a mini-app used through a scope they had granted. */
  accesses: Record<Scope, number>;
}

/** Asked by the privacy module for the platform's transparency report: consent activity in [from, to). */
export class CountConsentActivity {
  /** Only for the compiler: what `QueryBus.execute` resolves to. */
  declare readonly __result?: ConsentActivity;

  constructor(
    readonly from: Date,
    readonly to: Date,
  ) {}
}
