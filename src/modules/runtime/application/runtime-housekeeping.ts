import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DAY_MS, Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { AccessLog } from './ports/access-log';
import { LaunchStore } from './ports/launch-store';
import { LoginCodes } from './ports/login-codes';
import { NoticeLog } from './ports/notice-log';

/**
 * Keeps usage history brief: access-log records (the proxy's included) and launches older than
 * ACCESS_LOG_RETENTION_DAYS are deleted, and used or expired login codes after
 * LOGIN_CODE_RETENTION_MINUTES, and notices to backends RUNTIME_NOTICE_RETENTION_DAYS after they settled.
 */
@Injectable()
export class RuntimeHousekeeping extends Housekeeping {
  constructor(
    private readonly accessLog: AccessLog,
    private readonly launches: LaunchStore,
    private readonly codes: LoginCodes,
    private readonly notices: NoticeLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Runtime');
  }

  protected async prune(): Promise<void> {
    const now = this.clock.now().getTime();
    const retainedSince = new Date(now - this.config.ACCESS_LOG_RETENTION_DAYS * DAY_MS);
    const codesExpiredBefore = new Date(now - this.config.LOGIN_CODE_RETENTION_MINUTES * 60_000);
    const noticesSettledBefore = new Date(now - this.config.RUNTIME_NOTICE_RETENTION_DAYS * DAY_MS);
    // A notice the bus gave up on without settling it (a failure before its attempt was logged) counts as
    // settled once every retry it could have had is over.
    const noticesAbandonedBefore = new Date(
      noticesSettledBefore.getTime() -
        this.config.RUNTIME_NOTICE_MAX_ATTEMPTS * this.config.RUNTIME_NOTICE_BACKOFF_MAX_MS,
    );
    await sweepInBatches(this.unitOfWork, (limit) => this.accessLog.pruneBefore(retainedSince, limit));
    await sweepInBatches(this.unitOfWork, (limit) => this.launches.pruneEndedBefore(retainedSince, limit));
    await sweepInBatches(this.unitOfWork, (limit) => this.codes.pruneExpiredBefore(codesExpiredBefore, limit));
    await sweepInBatches(this.unitOfWork, (limit) =>
      this.notices.pruneSettledBefore(noticesSettledBefore, noticesAbandonedBefore, limit),
    );
  }
}
