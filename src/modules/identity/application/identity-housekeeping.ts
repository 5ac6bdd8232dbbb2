import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { SessionRepository } from './ports/session-repository';

const DAY_MS = 86_400_000;

/** Forgets ended sessions: refresh tokens expired or revoked more than SESSION_RETENTION_DAYS ago. */
@Injectable()
export class IdentityHousekeeping extends Housekeeping {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Identity');
  }

  protected prune(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.SESSION_RETENTION_DAYS * DAY_MS);
    return this.unitOfWork.run(async () => {
      await this.sessions.pruneEndedBefore(cutoff);
    });
  }
}
