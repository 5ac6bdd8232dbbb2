import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import type { ConsentDecision } from '../../domain/consent';
import { type ConsentRecord, ConsentLedger } from '../ports/consent-ledger';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { type ScopeState, scopeStates } from '../scope-states';

export interface MiniAppGrants {
  slug: string;
  /** Null when nothing of it is live. */
  liveVersion: string | null;
  /** The live manifest's scopes with the user's state for each (empty when nothing is live). */
  scopes: ScopeState[];
  /** The decisions in force, which for a mini-app no longer live may name scopes it does not declare any more. */
  decisions: ConsentDecision[];
  history: ConsentRecord[];
}

export class GetMiniAppGrants extends Query<MiniAppGrants> {
  constructor(
    readonly userId: string,
    readonly slug: string,
  ) {
    super();
  }
}

/** One mini-app's scopes as the user's settings page shows them, with the history of every decision. */
@QueryHandler(GetMiniAppGrants)
export class GetMiniAppGrantsHandler implements IQueryHandler<GetMiniAppGrants, MiniAppGrants> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly consents: ConsentLedger,
  ) {}

  async execute({ userId, slug }: GetMiniAppGrants): Promise<MiniAppGrants> {
    const app = await this.directory.bySlug(slug);
    if (!app) throw notFound('The mini-app');
    const decisions = await this.consents.decisions(userId, app.miniAppId);
    return {
      slug: app.slug,
      liveVersion: app.live?.version ?? null,
      scopes: app.live ? scopeStates(app.live.permissions, decisions) : [],
      decisions,
      history: await this.consents.history(userId, app.miniAppId),
    };
  }
}
