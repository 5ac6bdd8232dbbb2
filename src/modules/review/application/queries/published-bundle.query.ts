import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { notFound } from '../../../../shared/kernel/problem';
import { ReviewStore } from '../ports/review-store';

export class GetPublishedBundle extends Query<{ digest: string; signature: string | null; content: Buffer }> {
  constructor(
    readonly slug: string,
    readonly version: string,
    /** Reviewers and admins also get approved versions (the QA channel), which are not signed yet. */
    readonly mayOpenApproved = false,
  ) {
    super();
  }
}

/** A published version's bundle, for any signed-in client; a version not (or no longer) published is 404. */
@QueryHandler(GetPublishedBundle)
export class GetPublishedBundleHandler implements IQueryHandler<
  GetPublishedBundle,
  { digest: string; signature: string | null; content: Buffer }
> {
  constructor(private readonly store: ReviewStore) {}

  async execute({
    slug,
    version,
    mayOpenApproved,
  }: GetPublishedBundle): Promise<{ digest: string; signature: string | null; content: Buffer }> {
    const app = await this.store.miniApp(slug);
    const found = app ? await this.store.version(app.id, version) : null;
    // Only the live version: one rolled back from (perhaps for being harmful) and a taken-down app are not served.
    const open =
      (found?.status === 'published' && app?.liveVersion === found.version) ||
      (found?.status === 'approved' && mayOpenApproved);
    const content = open ? await this.store.bundle(found.bundleDigest) : null;
    if (!found || !content) throw notFound('The published version');
    return { digest: found.bundleDigest, signature: found.signature, content };
  }
}
