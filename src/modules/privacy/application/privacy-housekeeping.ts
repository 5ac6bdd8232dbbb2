import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { DAY_MS, Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { HOUR_MS } from '../domain/personal-data-export';
import { ExportStore } from './ports/export-store';
import { ReportStore } from './ports/report-store';

/**
 * Deletes data exports, archive and record, PRIVACY_EXPORT_RETENTION_HOURS after they were
 * assembled (or asked for, if never); and keeps the privacy report's usage history no longer than
 * the runtime keeps its own: accesses, origins reached, launches and the marks of forgotten
 * mini-apps older than ACCESS_LOG_RETENTION_DAYS.
 */
@Injectable()
export class PrivacyHousekeeping extends Housekeeping {
  constructor(
    private readonly exports: ExportStore,
    private readonly report: ReportStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Privacy');
  }

  protected async prune(): Promise<void> {
    const now = this.clock.now().getTime();
    const cutoff = new Date(now - this.config.PRIVACY_EXPORT_RETENTION_HOURS * HOUR_MS);
    await sweepInBatches(this.unitOfWork, (limit) => this.exports.pruneKeptSince(cutoff, limit));
    const usageBefore = new Date(now - this.config.ACCESS_LOG_RETENTION_DAYS * DAY_MS);
    await sweepInBatches(this.unitOfWork, (limit) => this.report.pruneUsageBefore(usageBefore, limit));
  }
}
