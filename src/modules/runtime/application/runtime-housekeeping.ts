import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { PeriodicTask } from '../../../platform/scheduling/periodic-task';
import { Clock } from '../../../platform/time/clock';
import { AccessLog } from './ports/access-log';
import { LaunchStore } from './ports/launch-store';
import { LoginCodes } from './ports/login-codes';

const SWEEP_EVERY_MS = 60_000;
const DAY_MS = 86_400_000;
/** Used or expired login codes are kept a little while, then forgotten. */
const LOGIN_CODES_KEPT_MS = 3_600_000;

/**
 * Keeps usage history brief: access-log records and launches older than ACCESS_LOG_RETENTION_DAYS
 * are deleted, in every instance, once a minute.
 */
@Injectable()
export class RuntimeHousekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask('runtime housekeeping', () => this.prune(), new Logger('Runtime'));

  constructor(
    private readonly accessLog: AccessLog,
    private readonly launches: LaunchStore,
    private readonly codes: LoginCodes,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Runs one sweep now (or joins the one running). */
  sweep(): Promise<void> {
    return this.task.runNow();
  }

  private prune(): Promise<void> {
    return this.unitOfWork.run(async () => {
      const now = this.clock.now().getTime();
      const retainedSince = new Date(now - this.config.ACCESS_LOG_RETENTION_DAYS * DAY_MS);
      await this.accessLog.pruneBefore(retainedSince);
      await this.launches.pruneEndedBefore(retainedSince);
      await this.codes.pruneExpiredBefore(new Date(now - LOGIN_CODES_KEPT_MS));
    });
  }
}
