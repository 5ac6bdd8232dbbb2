import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DAY_MS, Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { NotificationLog } from './ports/notification-log';

/**
 * Forgets merchant notifications (they carry the buyer's openid) and their attempt logs once they
 * have been settled for PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS. Orders are financial records and stay.
 */
@Injectable()
export class PaymentsHousekeeping extends Housekeeping {
  constructor(
    private readonly notifications: NotificationLog,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Payments');
  }

  protected prune(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.PAYMENTS_NOTIFICATION_LOG_RETENTION_DAYS * DAY_MS);
    return sweepInBatches(this.unitOfWork, (limit) => this.notifications.pruneSettledBefore(cutoff, limit)).then(
      () => undefined,
    );
  }
}
