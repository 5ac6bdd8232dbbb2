import { Inject } from '@nestjs/common';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { DAY_MS } from '../../../../platform/scheduling/housekeeping';
import { Clock } from '../../../../platform/time/clock';
import { ExportRequested } from '../../../../shared/contracts/privacy';
import { newId } from '../../../../shared/kernel/ids';
import { ProblemError } from '../../../../shared/kernel/problem';
import type { PersonalDataExport } from '../../domain/personal-data-export';
import { RequestTallies } from '../ports/request-tallies';
import { ExportStore } from '../ports/export-store';

export class RequestExport extends Command<PersonalDataExport> {
  constructor(readonly userId: string) {
    super();
  }
}

/**
 * A person asks for a copy of their data. While one export of theirs is being assembled, asking
 * again returns that one (a double click or a retried request is not an error, and the answer is
 * the same); otherwise at most PRIVACY_EXPORTS_PER_DAY asks in 24 hours each record a new export and
 * publish `privacy.export-requested`, in one transaction, for privacy's subscriber to assemble.
 */
@CommandHandler(RequestExport)
export class RequestExportHandler implements ICommandHandler<RequestExport, PersonalDataExport> {
  constructor(
    private readonly exports: ExportStore,
    private readonly tallies: RequestTallies,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  execute({ userId }: RequestExport): Promise<PersonalDataExport> {
    return this.unitOfWork.run(async () => {
      const pending = await this.exports.findPending(userId);
      if (pending) return pending;
      const now = this.clock.now();
      const asked = await this.exports.askedSince(userId, new Date(now.getTime() - DAY_MS));
      if (asked.count >= this.config.PRIVACY_EXPORTS_PER_DAY) {
        const seconds = Math.max(
          1,
          Math.ceil(((asked.oldest?.getTime() ?? now.getTime()) + DAY_MS - now.getTime()) / 1000),
        );
        throw new ProblemError(
          429,
          'too-many-exports',
          'Too many exports',
          `You asked for ${asked.count} exports in the last 24 hours, the most there may be; ask again in ${seconds} seconds.`,
          undefined,
          { 'Retry-After': String(seconds) },
        );
      }
      const { exported, created } = await this.exports.open({ id: newId(), userId, requestedAt: now });
      if (created) await this.tallies.count('export', now);
      if (created)
        await this.eventBus.publish(
          new ExportRequested({ exportId: exported.id, userId, requestedAt: now.toISOString() }),
        );
      return exported;
    });
  }
}
