import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { PaymentsPersonalDataErased } from '../../../../shared/contracts/payments';
import { ErasureRequested } from '../../../../shared/contracts/privacy';
import { OrderStore } from '../ports/order-store';

/**
 * Orders are records of sales and stay, with an id that names nobody once identity erased the
 * person (and the pairwise id the merchant already has); the kept answers to the person's retried
 * confirmations go. Notifications already sent go with their retention.
 */
@EventsHandler(ErasureRequested)
@Subscriber({ id: 'payments.erase-personal-data' })
export class ErasePaymentsData implements IEventHandler<ErasureRequested> {
  constructor(
    private readonly orders: OrderStore,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle({ payload: { erasureId, userId } }: ErasureRequested): Promise<void> {
    await this.unitOfWork.run(async () => {
      await this.orders.forgetConfirmationsOf(userId);
      await this.eventBus.publish(
        new PaymentsPersonalDataErased({ erasureId, erasedAt: this.clock.now().toISOString() }),
      );
    });
  }
}
