import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '../../../../platform/database/unit-of-work';
import { notFound, ProblemError } from '../../../../shared/kernel/problem';
import type { Role } from '../../../../shared/kernel/roles';
import { BASE_ROLE, rolesWith, rolesWithout, type User } from '../../domain/user';
import { UserRepository } from '../ports/user-repository';

export class ChangeRole extends Command<User> {
  constructor(
    readonly userId: string,
    readonly role: Role,
    readonly change: 'grant' | 'revoke',
  ) {
    super();
  }
}

/** Grants or revokes a role. Takes effect on the user's next token (access tokens live minutes). */
@CommandHandler(ChangeRole)
export class ChangeRoleHandler implements ICommandHandler<ChangeRole, User> {
  constructor(
    private readonly users: UserRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  execute({ userId, role, change }: ChangeRole): Promise<User> {
    return this.unitOfWork.run(async () => {
      if (role === 'admin') await this.users.lockRole('admin'); // two admins demoting each other must not leave none
      const user = await this.users.findById(userId);
      if (!user) throw notFound('The user');
      if (change === 'revoke' && role === BASE_ROLE) {
        throw new ProblemError(409, 'base-role', 'Role cannot be revoked', 'Every account holds the role "user".');
      }
      if (
        change === 'revoke' &&
        role === 'admin' &&
        user.roles.includes('admin') &&
        (await this.users.countWithRole('admin')) <= 1
      ) {
        throw new ProblemError(
          409,
          'last-admin',
          'Last admin',
          'This is the only admin; grant the role to someone else first.',
        );
      }
      const roles = change === 'grant' ? rolesWith(user.roles, role) : rolesWithout(user.roles, role);
      await this.users.setRoles(userId, roles);
      return { ...user, roles };
    });
  }
}
