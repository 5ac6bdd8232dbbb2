import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { VersionApproved, VersionRejected } from '../../../../shared/contracts/review';
import { conflict, forbidden, notFound } from '../../../../shared/kernel/problem';
import { listingOf } from '../listing';
import { ReviewStore, type Version } from '../ports/review-store';

export type Decision = { verdict: 'approve' } | { verdict: 'reject'; reasons: string[] };

export class DecideVersion extends Command<Version> {
  constructor(
    readonly reviewerId: string,
    readonly slug: string,
    readonly version: string,
    readonly decision: Decision,
  ) {
    super();
  }
}

/** A reviewer's verdict on a version in review: approved (then publishable) or rejected with reasons. */
@CommandHandler(DecideVersion)
export class DecideVersionHandler implements ICommandHandler<DecideVersion, Version> {
  constructor(
    private readonly store: ReviewStore,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ reviewerId, slug, version, decision }: DecideVersion): Promise<Version> {
    return this.unitOfWork.run(async () => {
      const app = await this.store.miniApp(slug);
      const current = app ? await this.store.version(app.id, version) : null;
      if (!app || !current) throw notFound('The version');
      if (app.developerId === reviewerId) throw forbidden('A reviewer does not decide on their own mini-app.');
      const to = decision.verdict === 'approve' ? 'approved' : 'rejected';
      const decided = await this.store.transition(current.id, 'in-review', to, {
        decidedBy: `user:${reviewerId}`,
        ...(decision.verdict === 'reject' ? { reasons: decision.reasons } : {}),
      });
      if (!decided)
        throw conflict(
          'not-in-review',
          'Not in review',
          `Version ${version} is ${current.status}; only a version in review can be decided.`,
        );
      const facts = { miniAppId: app.id, slug, version, at: new Date().toISOString() };
      await this.eventBus.publish(
        decision.verdict === 'approve'
          ? new VersionApproved({ ...facts, reviewerId, listing: listingOf(app, decided) })
          : new VersionRejected({ ...facts, reasons: decision.reasons, automated: false }),
      );
      return decided;
    });
  }
}
