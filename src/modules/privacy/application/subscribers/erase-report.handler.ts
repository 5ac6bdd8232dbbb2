import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { ErasureRequested, PrivacyPersonalDataErased } from '../../../../shared/contracts/privacy';
import { ReportStore } from '../ports/report-store';

/**
 * An erasure deletes the person's privacy report, in one transaction with privacy's confirmation,
 * and remembers them as erased: events lagging behind the erasure bring nothing of them back.
 */
@EventsHandler(ErasureRequested)
@Subscriber({ id: 'privacy.erase-report' })
export class EraseReport implements IEventHandler<ErasureRequested> {
  constructor(
    private readonly store: ReportStore,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle({ payload: { erasureId, userId } }: ErasureRequested): Promise<void> {
    await this.unitOfWork.run(async () => {
      const at = this.clock.now();
      await this.store.erase(userId, at);
      await this.eventBus.publish(new PrivacyPersonalDataErased({ erasureId, erasedAt: at.toISOString() }));
    });
  }
}
