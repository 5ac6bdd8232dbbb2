import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
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

@CommandHandler(UpdateProfile)
export class UpdateProfileHandler implements ICommandHandler<UpdateProfile, User> {
  constructor(
    private readonly users: UserRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  async execute({ userId, changes }: UpdateProfile): Promise<User> {
    const user = await this.unitOfWork.run(() => this.users.updateProfile(userId, changes));
    if (!user) throw notFound('The user');
    return user;
  }
}
