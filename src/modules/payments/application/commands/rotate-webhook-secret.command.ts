import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Clock } from '../../../../platform/time/clock';
import { notFound } from '../../../../shared/kernel/problem';
import { MerchantDirectory } from '../ports/merchant-directory';
import { WebhookSecrets } from '../ports/webhook-secrets';

export interface IssuedWebhookSecret {
  /** `whsec_…`, shown this once. */
  secret: string;
  previousSecretValidUntil: Date | null;
}

export class RotateWebhookSecret extends Command<IssuedWebhookSecret> {
  constructor(
    readonly developerId: string,
    readonly slug: string,
  ) {
    super();
  }
}

/**
 * The mini-app's owner creates or replaces the secret its notifications are signed with. Shown
 * once; kept sealed (the platform must sign with it, so it cannot keep only a hash). During
 * PAYMENTS_WEBHOOK_SECRET_GRACE_SECONDS after a rotation, notifications carry a signature under
 * each secret, so the backend can switch without missing one.
 */
@CommandHandler(RotateWebhookSecret)
export class RotateWebhookSecretHandler implements ICommandHandler<RotateWebhookSecret, IssuedWebhookSecret> {
  constructor(
    private readonly directory: MerchantDirectory,
    private readonly secrets: WebhookSecrets,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute({ developerId, slug }: RotateWebhookSecret): Promise<IssuedWebhookSecret> {
    return this.unitOfWork.run(async () => {
      const merchant = await this.directory.bySlug(slug);
      if (merchant?.ownerId !== developerId) throw notFound('The mini-app');
      const had = await this.directory.secretOf(merchant.miniAppId);
      const { secret, sealed } = this.secrets.create();
      const previousValidUntil = new Date(
        this.clock.now().getTime() + this.config.PAYMENTS_WEBHOOK_SECRET_GRACE_SECONDS * 1000,
      );
      await this.directory.rotateSecret(merchant.miniAppId, sealed, previousValidUntil);
      return { secret, previousSecretValidUntil: had ? previousValidUntil : null };
    });
  }
}
