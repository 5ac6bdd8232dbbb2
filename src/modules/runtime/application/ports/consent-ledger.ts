import type { Scope } from '../../../../shared/contracts/review';
import type { ConsentAction, ConsentDecision } from '../../domain/consent';
import type { Permission } from '../../domain/live-mini-app';

export interface ConsentRecord {
  scope: Scope;
  action: ConsentAction;
  purpose: string;
  manifestVersion: string;
  at: Date;
}

/** Consent per user × mini-app × scope: the current decisions and the append-only ledger, always written together. */
export abstract class ConsentLedger {
  /** Decisions on one user × mini-app × scope take turns from here until the unit of work ends (read, decide, write as one). */
  abstract takeTurn(userId: string, miniAppId: string, scope: Scope): Promise<void>;
  abstract decisions(userId: string, miniAppId: string): Promise<ConsentDecision[]>;
  /** The user's current decisions across mini-apps (by slug, then scope), with the slug of the mini-app each is about. */
  abstract decisionsOf(
    userId: string,
    page: { offset: number; limit: number },
  ): Promise<Array<ConsentDecision & { slug: string }>>;
  abstract history(userId: string, miniAppId: string): Promise<ConsentRecord[]>;
  /** Records the decision and makes it the current one. */
  abstract decide(userId: string, miniAppId: string, decision: ConsentDecision): Promise<void>;
  /** Removes the current decision and records the withdrawal (with the decision's purpose and version); what was withdrawn, or null when there was nothing. */
  abstract withdraw(
    userId: string,
    miniAppId: string,
    scope: Scope,
    at: Date,
  ): Promise<Pick<ConsentDecision, 'scope' | 'purpose' | 'manifestVersion'> | null>;
  /**
   * Every user's decision on a scope that the new live manifest does not declare with the same
   * purpose lapses: removed, and recorded as expired (with the purpose it was made under, and the
   * version that made it lapse). The scopes affected.
   */
  abstract expireOutdated(
    miniAppId: string,
    live: { version: string; permissions: Permission[] },
    at: Date,
  ): Promise<Scope[]>;
}
