import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type PlatformConfig } from '../../../platform/config/app-config';
import { sweepInBatches } from '../../../platform/database/sweep-in-batches';
import { UnitOfWork } from '../../../platform/database/unit-of-work';
import { Housekeeping } from '../../../platform/scheduling/housekeeping';
import { Clock } from '../../../platform/time/clock';
import { HOUR_MS } from '../domain/personal-data-export';
import { ExportStore } from './ports/export-store';

/** Deletes data exports, archive and record, PRIVACY_EXPORT_RETENTION_HOURS after they were assembled (or asked for, if never). */
@Injectable()
export class PrivacyHousekeeping extends Housekeeping {
  constructor(
    private readonly exports: ExportStore,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {
    super('Privacy');
  }

  protected async prune(): Promise<void> {
    const cutoff = new Date(this.clock.now().getTime() - this.config.PRIVACY_EXPORT_RETENTION_HOURS * HOUR_MS);
    await sweepInBatches(this.unitOfWork, (limit) => this.exports.pruneKeptSince(cutoff, limit));
  }
}
