import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { MiniAppForgotten } from '../../../../shared/contracts/runtime';
import { notFound } from '../../../../shared/kernel/problem';
import { BackendNotices } from '../ports/backend-notices';
import { ConsentLedger } from '../ports/consent-ledger';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { PairwiseIds } from '../ports/pairwise-ids';
import { UserTraces } from '../ports/user-traces';
import { withdrawAndAnnounce } from './withdraw-consent.command';

export class ForgetMiniApp extends Command<void> {
  constructor(
    readonly userId: string,
    readonly slug: string,
  ) {
    super();
  }
}

/**
 * The user makes the platform forget a mini-app, in one transaction: each decision is withdrawn
 * (and announced, as a withdrawal is; the consent ledger keeps the proof), the storage, login
 * codes, launches and access log go, and so does the pairwise id: a later launch gets a new one.
 * The mini-app's backend is told with the old id (`user.forgot-mini-app`), and
 * `runtime.mini-app-forgotten` lets others (the privacy report) drop what they keep of the pair.
 * Works for a mini-app that is no longer live; forgetting one never opened changes little.
 */
@CommandHandler(ForgetMiniApp)
export class ForgetMiniAppHandler implements ICommandHandler<ForgetMiniApp, void> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly consents: ConsentLedger,
    private readonly pairwiseIds: PairwiseIds,
    private readonly traces: UserTraces,
    private readonly notices: BackendNotices,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  execute({ userId, slug }: ForgetMiniApp): Promise<void> {
    return this.unitOfWork.run(async () => {
      const app = await this.directory.bySlug(slug);
      if (!app) throw notFound('The mini-app');
      const at = this.clock.now();
      for (const { scope } of await this.consents.decisions(userId, app.miniAppId))
        await withdrawAndAnnounce(this.consents, this.eventBus, userId, app.miniAppId, scope, at);
      await this.traces.forgetInMiniApp(userId, app.miniAppId);
      const openid = await this.pairwiseIds.forget(userId, app.miniAppId);
      if (openid) await this.notices.queue(app.miniAppId, openid, 'user.forgot-mini-app', at);
      await this.eventBus.publish(new MiniAppForgotten({ userId, miniAppId: app.miniAppId, at: at.toISOString() }));
    });
  }
}
