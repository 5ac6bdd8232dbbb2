import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ReviewStore, type Version } from '../ports/review-store';

export class GetReviewQueue extends Query<Array<Version & { slug: string }>> {
  constructor(readonly limit: number) {
    super();
  }
}

/** Versions waiting for a reviewer, oldest first. */
@QueryHandler(GetReviewQueue)
export class GetReviewQueueHandler implements IQueryHandler<GetReviewQueue, Array<Version & { slug: string }>> {
  constructor(private readonly store: ReviewStore) {}

  execute({ limit }: GetReviewQueue): Promise<Array<Version & { slug: string }>> {
    return this.store.inReview(limit);
  }
}
