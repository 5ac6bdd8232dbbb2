import { Inject } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { APP_CONFIG, type PlatformConfig } from '../../../../platform/config/app-config';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { ExportRequested } from '../../../../shared/contracts/privacy';
import { ExportArchiveAssembler } from '../export-archive';
import { ExportStore } from '../ports/export-store';

/**
 * Assembles a requested export: asks every module for its section, stores the archive and marks the
 * export ready, in the delivery's transaction. A module that fails to answer makes the bus retry
 * the delivery with its backoff; the last attempt (BUS_MAX_ATTEMPTS failures, counted on the export
 * itself, since a failed attempt's transaction rolls back) marks the export failed instead.
 */
@EventsHandler(ExportRequested)
@Subscriber({ id: 'privacy.assemble-export' })
export class AssembleExport implements IEventHandler<ExportRequested> {
  constructor(
    private readonly exports: ExportStore,
    private readonly assembler: ExportArchiveAssembler,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async handle({ payload }: ExportRequested): Promise<void> {
    // Ready or failed already (an earlier run of this delivery), or deleted (its retention, an erasure).
    if (!(await this.exports.isPending(payload.exportId))) return;
    try {
      // In a savepoint: a failed statement must not abort the transaction the failure is recorded in.
      await this.unitOfWork.run(
        async () => {
          const archive = await this.assembler.assemble(payload.userId, this.clock.now());
          await this.exports.markReady(payload.exportId, Buffer.from(JSON.stringify(archive)), this.clock.now());
        },
        { nested: true },
      );
    } catch (error) {
      if ((await this.exports.countFailure(payload.exportId)) < this.config.BUS_MAX_ATTEMPTS) throw error;
      await this.exports.markFailed(payload.exportId, this.clock.now());
    }
  }
}
