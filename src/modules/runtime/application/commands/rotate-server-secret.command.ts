import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { notFound } from '../../../../shared/kernel/problem';
import { newServerSecret, secretHash } from '../../domain/server-secret';
import { MiniAppDirectory } from '../ports/mini-app-directory';
import { ServerCredentials } from '../ports/server-credentials';

export interface IssuedSecret {
  clientId: string;
  /** Shown once: only its hash is kept. */
  clientSecret: string;
  /** Until when the secret this one replaced still works; null on the first one. */
  previousSecretValidUntil: Date | null;
}

export class RotateServerSecret extends Command<IssuedSecret> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
  ) {
    super();
  }
}

/**
 * The mini-app's owner creates its backend's client secret, or replaces it: the old one keeps
 * working for RUNTIME_SECRET_GRACE_SECONDS, so the backend can be redeployed with the new one
 * without downtime. Another developer's mini-app is a 404.
 */
@CommandHandler(RotateServerSecret)
export class RotateServerSecretHandler implements ICommandHandler<RotateServerSecret, IssuedSecret> {
  constructor(
    private readonly directory: MiniAppDirectory,
    private readonly credentials: ServerCredentials,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute({ developerId, slug }: RotateServerSecret): Promise<IssuedSecret> {
    return this.unitOfWork.run(async () => {
      const app = await this.directory.bySlug(slug);
      if (!app || app.ownerId !== developerId) throw notFound('The mini-app');
      const clientSecret = newServerSecret();
      const now = this.clock.now();
      const stored = await this.credentials.rotate(
        app.miniAppId,
        secretHash(clientSecret),
        now,
        new Date(now.getTime() + this.config.RUNTIME_SECRET_GRACE_SECONDS * 1000),
      );
      return { clientId: app.slug, clientSecret, previousSecretValidUntil: stored.previousValidUntil };
    });
  }
}
