import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { ErasureCompleted, type PersonalDataErasedV1 } from '../../../../shared/contracts/privacy';
import type { IntegrationEvent } from '../../../../shared/kernel/integration-event';
import { ERASURE_CONFIRMATIONS } from '../../privacy.contract';
import { Erasures } from '../ports/erasures';

type Confirmation = IntegrationEvent<PersonalDataErasedV1>;

/** Ticks off each module's step; the last one completes the erasure and forgets whose it was. */
@EventsHandler(...ERASURE_CONFIRMATIONS)
@Subscriber({ id: 'privacy.track-erasures' })
export class TrackErasures implements IEventHandler<Confirmation> {
  constructor(
    private readonly erasures: Erasures,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: Confirmation): Promise<void> {
    const module = event.type.slice(0, event.type.indexOf('.'));
    const { erasureId, erasedAt } = event.payload;
    await this.unitOfWork.run(async () => {
      const confirmed = await this.erasures.confirm(erasureId, module, new Date(erasedAt));
      if (!confirmed?.completedNow) return;
      await this.eventBus.publish(
        new ErasureCompleted({ erasureId, completedAt: confirmed.erasure.completedAt!.toISOString() }),
      );
    });
  }
}
