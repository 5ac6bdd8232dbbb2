import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { ErasureRequested } from '../../../../shared/contracts/privacy';
import { RuntimePersonalDataErased } from '../../../../shared/contracts/runtime';
import { BackendNotices } from '../ports/backend-notices';
import { RuntimePersonalData } from '../ports/personal-data';

/**
 * An erasure deletes everything the runtime holds on the person, in one transaction: nothing of
 * their usage history is left to link. Their pairwise ids go too, so a person registering again with
 * the same e-mail is a stranger to every mini-app. Each mini-app's backend gets a signed
 * `user.erased` notice with the pairwise id it knew the person by.
 */
@EventsHandler(ErasureRequested)
@Subscriber({ id: 'runtime.erase-personal-data' })
export class EraseRuntimeData implements IEventHandler<ErasureRequested> {
  constructor(
    private readonly personalData: RuntimePersonalData,
    private readonly notices: BackendNotices,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle({ payload: { erasureId, userId } }: ErasureRequested): Promise<void> {
    await this.unitOfWork.run(async () => {
      const at = this.clock.now();
      const ids = await this.personalData.erase(userId, at);
      // Art. 19: every mini-app the person used is told, by the id it knew them by.
      for (const { miniAppId, openid } of ids) await this.notices.queue(miniAppId, openid, 'user.erased', at);
      await this.eventBus.publish(new RuntimePersonalDataErased({ erasureId, erasedAt: at.toISOString() }));
    });
  }
}
