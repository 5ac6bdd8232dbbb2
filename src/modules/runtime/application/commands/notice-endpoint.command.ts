import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler, type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { checkTarget, type TargetRefusal } from '../../../../platform/outbound/outbound-target';
import { Clock } from '../../../../platform/time/clock';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import { type KnownMiniApp, MiniAppDirectory } from '../ports/mini-app-directory';
import { NoticeLog } from '../ports/notice-log';

export interface NoticeEndpoint {
  url: string;
  updatedAt: Date;
}

/** The owner sets where the platform POSTs notices about the mini-app's users. */
export class SetNoticeEndpoint extends Command<NoticeEndpoint> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
    readonly url: string,
  ) {
    super();
  }
}

export class RemoveNoticeEndpoint extends Command<void> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
  ) {
    super();
  }
}

export class GetNoticeEndpoint extends Query<NoticeEndpoint> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
  ) {
    super();
  }
}

const REFUSALS: Record<TargetRefusal, string> = {
  'invalid-url': 'must be an absolute URL without credentials',
  'https-required': 'must use https',
  'domain-not-declared': "must be on a domain the mini-app's live manifest declares",
};

/** The caller's own mini-app, or a 404 that says nothing of anyone else's. */
async function ownMiniApp(directory: MiniAppDirectory, developerId: string, slug: string): Promise<KnownMiniApp> {
  const app = await directory.bySlug(slug);
  if (!app || app.ownerId !== developerId) throw notFound('The mini-app');
  return app;
}

/**
 * An https URL on an origin the live manifest declares (loopback only where OUTBOUND_ALLOW_LOOPBACK
 * allows), judged like the proxy's and payments' targets; checked again at every delivery.
 */
@CommandHandler(SetNoticeEndpoint)
export class SetNoticeEndpointHandler implements ICommandHandler<SetNoticeEndpoint, NoticeEndpoint> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly log: NoticeLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute({ developerId, slug, url }: SetNoticeEndpoint): Promise<NoticeEndpoint> {
    return this.unitOfWork.run(async () => {
      const app = await ownMiniApp(this.directory, developerId, slug);
      if (!app.live)
        throw new ProblemError(
          422,
          'mini-app-not-live',
          'Mini-app not live',
          'A notice endpoint must be on a domain the live manifest declares: publish a version first.',
        );
      const target = checkTarget(url, app.live.domains, this.config.OUTBOUND_ALLOW_LOOPBACK);
      if ('refusal' in target)
        throw new ProblemError(
          422,
          target.refusal,
          'Notice endpoint not allowed',
          `The url ${REFUSALS[target.refusal]}.`,
          [{ pointer: '#/url', detail: REFUSALS[target.refusal] }],
        );
      const updatedAt = this.clock.now();
      await this.log.setEndpoint(app.miniAppId, target.url.href, updatedAt);
      return { url: target.url.href, updatedAt };
    });
  }
}

@CommandHandler(RemoveNoticeEndpoint)
export class RemoveNoticeEndpointHandler implements ICommandHandler<RemoveNoticeEndpoint, void> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly log: NoticeLog,
  ) {}

  async execute({ developerId, slug }: RemoveNoticeEndpoint): Promise<void> {
    const app = await ownMiniApp(this.directory, developerId, slug);
    await this.log.removeEndpoint(app.miniAppId);
  }
}

@QueryHandler(GetNoticeEndpoint)
export class GetNoticeEndpointHandler implements IQueryHandler<GetNoticeEndpoint, NoticeEndpoint> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly log: NoticeLog,
  ) {}

  async execute({ developerId, slug }: GetNoticeEndpoint): Promise<NoticeEndpoint> {
    const app = await ownMiniApp(this.directory, developerId, slug);
    const endpoint = await this.log.endpointOf(app.miniAppId);
    if (!endpoint) throw notFound('The notice endpoint');
    return endpoint;
  }
}
