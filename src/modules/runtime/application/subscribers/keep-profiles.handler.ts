import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { Subscriber } from '../../../../platform/messaging/decorators';
import { ProfileUpdated, UserRegistered } from '../../../../shared/contracts/identity';
import { ProfileDirectory } from '../ports/profile-directory';

/** The display name and avatar a mini-app granted `user.profile` is shown, kept from identity's events in order. */
@EventsHandler(UserRegistered, ProfileUpdated)
@Subscriber({ id: 'runtime.keep-profiles' })
export class KeepProfiles implements IEventHandler<UserRegistered | ProfileUpdated> {
  constructor(
    private readonly profiles: ProfileDirectory,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async handle(event: UserRegistered | ProfileUpdated): Promise<void> {
    await this.unitOfWork.run(async () => {
      if (event instanceof UserRegistered) {
        await this.profiles.upsert(
          event.payload.userId,
          { displayName: event.payload.displayName, avatarUrl: null },
          new Date(event.payload.registeredAt),
        );
      } else {
        const { userId, displayName, avatarUrl, updatedAt } = event.payload;
        await this.profiles.upsert(userId, { displayName, avatarUrl }, new Date(updatedAt));
      }
    });
  }
}
