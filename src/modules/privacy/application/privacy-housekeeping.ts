import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DAY_MS, Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { ReportStore } from './ports/report-store';

/**
 * Keeps the privacy report's usage history no longer than the runtime keeps its own: accesses,
 * origins reached and launches older than ACCESS_LOG_RETENTION_DAYS are deleted, and so are the
 * marks of mini-apps a user made the platform forget.
 */
@Injectable()
export class PrivacyHousekeeping extends Housekeeping {
  constructor(
    private readonly store: ReportStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Privacy');
  }

  protected prune(): Promise<void> {
    const before = new Date(this.clock.now().getTime() - this.config.ACCESS_LOG_RETENTION_DAYS * DAY_MS);
    return this.unitOfWork.run(() => this.store.pruneUsageBefore(before));
  }
}
