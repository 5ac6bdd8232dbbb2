import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { ProfileUpdated } from '../../../../shared/contracts/identity';
import { notFound } from '../../../../shared/kernel/problem';
import type { User, UserProfile } from '../../domain/user';
import { UserRepository } from '../ports/user-repository';

export class UpdateProfile extends Command<User> {
  constructor(
    readonly userId: string,
    readonly changes: Partial<UserProfile>,
  ) {
    super();
  }
}

/** Changes the profile; a change to what others are shown (name, avatar) is published as `identity.profile-updated`. */
@CommandHandler(UpdateProfile)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfile, User> {
  constructor(
    private readonly users: UserRepository,
    private readonly eventBus: EventBus,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, changes }: UpdateProfile): Promise<User> {
    const user = await this.unitOfWork.run(async () => {
      const updated = await this.users.updateProfile(userId, changes);
      if (updated && (changes.displayName !== undefined || changes.avatarUrl !== undefined)) {
        await this.eventBus.publish(
          new ProfileUpdated({
            userId,
            displayName: updated.displayName,
            avatarUrl: updated.avatarUrl,
            updatedAt: updated.updatedAt.toISOString(),
          }),
        );
      }
      return updated;
    });
    if (!user) throw notFound('The user');
    return user;
  }
}
