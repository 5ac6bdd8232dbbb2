import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { AuthenticatedUser } from '../../../../shared/kernel/authenticated-user';
import { notFound } from '../../../../shared/kernel/problem';
import { mayReview } from '../../../../shared/kernel/roles';
import { ReviewStore, type Version } from '../ports/review-store';

export class GetVersion extends Query<Version> {
  constructor(
    readonly caller: AuthenticatedUser,
    readonly slug: string,
    readonly version: string,
  ) {
    super();
  }
}

/** A version with its status and findings, for its developer and for reviewers and admins; 404 for anyone else. */
@QueryHandler(GetVersion)
export class GetVersionHandler implements IQueryHandler<GetVersion, Version> {
  constructor(private readonly store: ReviewStore) {}

  async execute({ caller, slug, version }: GetVersion): Promise<Version> {
    const app = await this.store.miniApp(slug);
    const mayRead = app && (app.developerId === caller.id || mayReview(caller.roles));
    const found = mayRead ? await this.store.version(app.id, version) : null;
    if (!found) throw notFound('The version');
    return found;
  }
}
