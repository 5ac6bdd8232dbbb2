import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { RevokedSubjects } from '../../../../platform/auth/revoked-subjects';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { Clock } from '../../../../platform/time/clock';
import { IdentityPersonalDataErased } from '../../../../shared/contracts/identity';
import { ErasureRequested } from '../../../../shared/contracts/privacy';
import { PasswordCheck } from '../password-check';
import { LoginThrottleRepository } from '../ports/login-throttle-repository';
import { SessionRepository } from '../ports/session-repository';
import { UserRepository } from '../ports/user-repository';

/**
 * An erasure deletes the person: the account row (e-mail, name, password hash, roles), every session
 * and the address's failed-login streak. The e-mail address is free again: registering with it makes a
 * new person with a new id. Run again, it finds nothing and confirms again.
 */
@EventsHandler(ErasureRequested)
@Subscriber({ id: 'identity.erase-personal-data' })
export class EraseIdentityData implements IEventHandler<ErasureRequested> {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly throttles: LoginThrottleRepository,
    private readonly passwords: PasswordCheck,
    private readonly revoked: RevokedSubjects,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async handle({ payload: { erasureId, userId } }: ErasureRequested): Promise<void> {
    await this.unitOfWork.run(async () => {
      const user = await this.users.findById(userId);
      if (user) await this.throttles.clear(this.passwords.emailHash(user.email));
      await this.sessions.deleteAllOf(userId);
      await this.users.delete(userId);
      await this.eventBus.publish(
        new IdentityPersonalDataErased({ erasureId, erasedAt: this.clock.now().toISOString() }),
      );
    });
    await this.revoked.revoke(userId);
  }
}
