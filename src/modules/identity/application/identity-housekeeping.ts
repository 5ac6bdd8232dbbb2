import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DAY_MS, Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { STREAK_EXPIRY_SECONDS } from './password-check';
import { LoginThrottleRepository } from './ports/login-throttle-repository';
import { SessionRepository } from './ports/session-repository';

/**
 * Forgets ended sessions (SESSION_RETENTION_DAYS after the whole session ended) and failed-login
 * streaks once they have expired (a day after the last failure, and any lock has passed).
 */
@Injectable()
export class IdentityHousekeeping extends Housekeeping {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Identity');
  }

  protected async prune(): Promise<void> {
    const now = this.clock.now().getTime();
    const sessionsEndedBefore = new Date(now - this.config.SESSION_RETENTION_DAYS * DAY_MS);
    const streaksIdleSince = new Date(now - STREAK_EXPIRY_SECONDS * 1000);
    await sweepInBatches(this.unitOfWork, (limit) => this.sessions.pruneEndedBefore(sessionsEndedBefore, limit));
    await sweepInBatches(this.unitOfWork, (limit) => this.throttles.pruneIdleBefore(streaksIdleSince, limit));
  }
}
