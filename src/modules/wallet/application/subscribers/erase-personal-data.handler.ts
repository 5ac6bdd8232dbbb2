import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Idempotency } from '../../../../platform/idempotency/idempotency';
import { Clock } from '../../../../platform/time/clock';
import { ErasureRequested } from '../../../../shared/contracts/privacy';
import { WalletPersonalDataErased } from '../../../../shared/contracts/wallet';
import { AccountRepository } from '../ports/account-repository';
import { InstrumentRepository } from '../ports/instrument-repository';

/**
 * The books are kept (bookkeeping law): accounts, transfers, entries, holds and the audit log stay,
 * pointing at an id that, once identity erased the person, names nobody. What is not bookkeeping
 * goes: the person's cards and bank accounts are removed (their tokens with them) and their kept
 * answers to retried requests are deleted. The accounts were closed when the erasure was accepted;
 * one opened since closes here. A mini-app's merchant accounts are the mini-app's and stay open.
 */
@EventsHandler(ErasureRequested)
@Subscriber({ id: 'wallet.erase-personal-data' })
export class EraseWalletData implements IEventHandler<ErasureRequested> {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly instruments: InstrumentRepository,
    private readonly idempotency: Idempotency,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle({ payload: { erasureId, userId } }: ErasureRequested): Promise<void> {
    await this.unitOfWork.run(async () => {
      const at = this.clock.now();
      const owned = await this.accounts.ownedBy(userId);
      await this.accounts.close(
        owned.filter((a) => !a.closed && !a.miniAppId).map((a) => a.id),
        at,
      );
      await this.instruments.eraseOwnedBy(userId);
      await this.idempotency.forgetScopesOf(userId);
      await this.eventBus.publish(new WalletPersonalDataErased({ erasureId, erasedAt: at.toISOString() }));
    });
  }
}
